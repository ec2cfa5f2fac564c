"""Which addresses a webhook may reach: public ones, and the networks a setting allows.

A URL's host is resolved once, every address it has is checked, and the request goes to the
checked address: a name that answers a public address to the check and a private one to the
connection (DNS rebinding) cannot slip through, and neither can one with both kinds at once.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

Network = IPv4Network | IPv6Network
Address = IPv4Address | IPv6Address
# host, port -> the addresses the host resolves to.
Resolve = Callable[[str, int], Awaitable[Sequence[str]]]


class RefusedAddressError(Exception):
    """The URL leads somewhere a webhook may not go: loopback, a private network, a metadata
    service, or a name that does not resolve."""


async def resolve_host(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def is_refused(address: Address, allowed: Sequence[Network]) -> bool:
    """Whether `address` is off limits: anything but a public (global) address, unless one of
    the `allowed` networks holds it. That refuses loopback, private networks, link-local (the
    cloud metadata service at 169.254.169.254), shared and reserved addresses, and IPv4-mapped
    forms of them."""
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in network for network in allowed):
        return False
    return not address.is_global or address.is_multicast


def literal_refusal(host: str, allowed: Sequence[Network]) -> str | None:
    """Why a URL's host is refused before any lookup, or None: a refused address written out, or
    `localhost`. Other names are checked each time they are resolved."""
    if host == "localhost" or host.endswith(".localhost"):
        host = "127.0.0.1"
    try:
        address = ip_address(host.strip("[]"))
    except ValueError:
        return None
    return "must lead to a public address" if is_refused(address, allowed) else None


async def checked_address(
    host: str, port: int, allowed: Sequence[Network], resolve: Resolve = resolve_host
) -> str:
    """The one address to connect to for `host`, resolved once and checked."""
    try:
        found = [ip_address(address) for address in await resolve(host.strip("[]"), port)]
    except (OSError, UnicodeError, ValueError) as exc:
        raise RefusedAddressError(f"{host} does not resolve") from exc
    if not found:
        raise RefusedAddressError(f"{host} does not resolve")
    if any(is_refused(address, allowed) for address in found):
        raise RefusedAddressError(f"{host} resolves to an address that is not public")
    return str(found[0])
