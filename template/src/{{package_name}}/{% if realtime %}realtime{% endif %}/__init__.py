"""Live events over WebSockets: `/api/v1/ws`, fed by every process through a fan-out."""
