"""Plain HTTP calls: register the bench user, log in, and check each scenario before loading it."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from bench.scenarios import Scenario

SHED = 503


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def request(
    base_url: str,
    method: str,
    path: str,
    *,
    body: str | None = None,
    content_type: str | None = None,
    token: str | None = None,
    timeout_s: float = 30,
) -> Reply:
    headers = {"Accept": "application/json"}
    if content_type is not None:
        headers["Content-Type"] = content_type
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = body.encode() if body is not None else None
    call = urllib.request.Request(base_url + path, data=data, headers=headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(call, timeout=timeout_s) as response:  # noqa: S310
            return Reply(response.status, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.read())


def register(base_url: str, email: str, password: str, full_name: str) -> None:
    body = json.dumps({"email": email, "password": password, "full_name": full_name})
    reply = request(
        base_url, "POST", "/api/v1/auth/register", body=body, content_type="application/json"
    )
    if reply.status != 202:
        raise RuntimeError(f"register answered {reply.status}: {reply.body[:500]!r}")


def login(base_url: str, email: str, password: str) -> str:
    reply = request(
        base_url,
        "POST",
        "/api/v1/auth/login",
        body=urlencode({"username": email, "password": password}),
        content_type="application/x-www-form-urlencoded",
    )
    if reply.status != 200:
        raise RuntimeError(f"login answered {reply.status}: {reply.body[:500]!r}")
    return str(reply.json()["access_token"])


def call_scenario(
    base_url: str, scenario: Scenario, token: str | None, timeout_s: float = 30
) -> Reply:
    return request(
        base_url,
        scenario.method,
        scenario.path,
        body=scenario.body,
        content_type=scenario.content_type,
        token=token if scenario.bearer else None,
        timeout_s=timeout_s,
    )


def preflight(base_url: str, scenario: Scenario, token: str | None, timeout_s: float = 30) -> Reply:
    """One request first, so a wrong route or status fails loudly instead of being measured.

    A 503 that sheds load (logins past the hashing queue, after a flood) is asked again after
    its Retry-After, until `timeout_s` has passed.
    """
    deadline = time.monotonic() + timeout_s
    reply = call_scenario(base_url, scenario, token, timeout_s)
    while reply.status == SHED and time.monotonic() < deadline:
        time.sleep(1)
        reply = call_scenario(base_url, scenario, token, max(1.0, deadline - time.monotonic()))
    if reply.status != scenario.expected_status:
        raise RuntimeError(
            f"{scenario.title} at {base_url} answered {reply.status}, "
            f"expected {scenario.expected_status}: {reply.body[:500]!r}"
        )
    return reply


def json_shape(value: Any) -> Any:
    """The structure of a JSON value: object keys and value types, one sample per list."""
    if isinstance(value, dict):
        return {key: json_shape(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        return [json_shape(value[0])] if value else []
    if value is None:
        return "null"
    return type(value).__name__


def shape_differences(service: Any, baseline: Any, where: str = "$") -> list[str]:
    """Where two JSON shapes differ; `null` on one side matches anything on the other."""
    if service == "null" or baseline == "null":
        return []
    if isinstance(service, dict) and isinstance(baseline, dict):
        found = [f"{where}.{key}: only in service" for key in service.keys() - baseline.keys()]
        found += [f"{where}.{key}: only in baseline" for key in baseline.keys() - service.keys()]
        for key in service.keys() & baseline.keys():
            found += shape_differences(service[key], baseline[key], f"{where}.{key}")
        return sorted(found)
    if isinstance(service, list) and isinstance(baseline, list):
        if service and baseline:
            return shape_differences(service[0], baseline[0], f"{where}[]")
        return []
    if service != baseline:
        return [f"{where}: service {service}, baseline {baseline}"]
    return []
