"""Loguru for every log line, including the standard library's (uvicorn, gunicorn, alembic).

In JSON mode each line is one object carrying the request id of the request that wrote it.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
import sys
import traceback
from typing import TYPE_CHECKING, Any

from loguru import logger

if TYPE_CHECKING:
    from loguru import Message, Record

TEXT_FORMAT = "<green>{time:HH:mm:ss.SSS}</green> <level>{level: <8}</level> <cyan>{name}</cyan> "
_STDLIB_LOGGERS = ("uvicorn", "uvicorn.error", "gunicorn", "gunicorn.error", "alembic")
# C0 and C1 controls, DEL and the Unicode line separators: a request path holding "%0A" must
# not forge a second log line.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def escape_control_characters(record: Record) -> None:
    """Write control characters in a log message as escapes: one record, one line."""
    record["message"] = _CONTROL_CHARACTERS.sub(_escape, record["message"])


class InterceptHandler(logging.Handler):
    """Hand standard-library log records to loguru, keeping their level and origin."""

    def emit(self, record: logging.LogRecord) -> None:
        level: str | int
        try:
            level = logger.level(record.levelname).name
        except ValueError:
            level = record.levelno
        # Find the code that called the stdlib logger, past the logging module's own frames.
        frame, depth = inspect.currentframe(), 0
        while frame is not None and (depth == 0 or frame.f_code.co_filename == logging.__file__):
            frame = frame.f_back
            depth += 1
        logger.opt(depth=depth, exception=record.exc_info).log(level, record.getMessage())


def _json_line(record: Record) -> str:
    extra = dict(record["extra"])
    entry: dict[str, Any] = {
        "time": record["time"].isoformat(),
        "level": record["level"].name,
        "logger": record["name"],
        "message": record["message"],
        "request_id": extra.pop("request_id", None),
        **extra,
    }
    if record["exception"] is not None:
        exc_type, exc_value, exc_traceback = record["exception"]
        entry["exception"] = "".join(traceback.format_exception(exc_type, exc_value, exc_traceback))
    return json.dumps(entry, default=str)


def _text_format(record: Record) -> str:
    request_id = "<dim>[{extra[request_id]}]</dim> " if record["extra"].get("request_id") else ""
    return TEXT_FORMAT + request_id + "{message}\n{exception}"


# The sinks look the streams up on every write, so they follow any later replacement.
def _json_sink(message: Message) -> None:
    sys.stdout.write(_json_line(message.record) + "\n")
    sys.stdout.flush()


def _text_sink(message: Message) -> None:
    sys.stderr.write(message)


def setup_logging(*, level: str, json_logs: bool) -> None:
    """Route every log line through loguru; call once per process, at startup."""
    logger.remove()
    logger.configure(extra={"request_id": None}, patcher=escape_control_characters)
    if json_logs:
        logger.add(_json_sink, level=level, backtrace=False, diagnose=False)
    else:
        logger.add(
            _text_sink,
            level=level,
            format=_text_format,
            colorize=sys.stderr.isatty(),
            backtrace=False,
            diagnose=False,
        )

    logging.basicConfig(handlers=[InterceptHandler()], level=logger.level(level).no, force=True)
    for name in _STDLIB_LOGGERS:
        stdlib_logger = logging.getLogger(name)
        stdlib_logger.handlers = []
        stdlib_logger.propagate = True
    # The app writes its own request lines, with the request id and duration.
    logging.getLogger("uvicorn.access").disabled = True
