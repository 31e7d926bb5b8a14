"""A Dask scheduler's address, checked before claimtrace hands it to `distributed`.

`distributed` takes an address apart only when it connects, and its first read trusts the peer:
a port that accepts and never speaks holds the run until the peer closes (121 s measured), one
that answers with something else (an HTTP server) has its first eight bytes read as a message
length of exabytes, and `tls://` or `ucx://` fail deep inside with a traceback. So an address is
checked here first (a scheme claimtrace supports, a host, a port 1-65535), then the scheduler
must say hello within `timeout` seconds, in the shape a scheduler's hello has (a Dask server
writes its handshake first: an 8-byte little-endian length, then that many bytes). Every
failure is one `UsageError` line. Nothing here imports `distributed`.

A scheduler runs the code it is sent, and claimtrace sends it code: only point claimtrace at a
cluster you trust.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from typing import Callable, TypeVar

from .defaults import CONNECT_TIMEOUT
from .errors import UsageError

T = TypeVar("T")

SCHEMES = ("tcp",)  # tls:// needs certificates claimtrace has no options for; ucx:// a GPU stack
DEFAULT_PORT = 8786  # the port `dask scheduler` listens on
_HELLO_LIMIT = 1 << 20  # a scheduler's hello is a few hundred bytes


def check_address(address: object) -> tuple[str, int]:
    """The host and port of a scheduler address (`tcp://host:8786`, `host:8786`, `tcp://[::1]:8786`;
    the port defaults to 8786); `UsageError` for anything else."""
    if not isinstance(address, str) or not address.strip():
        raise UsageError("--scheduler is empty: give the scheduler's address (tcp://host:8786), "
                         "or leave --scheduler out for a local cluster")
    scheme, sep, rest = address.strip().partition("://")
    if not sep:
        scheme, rest = "tcp", address.strip()
    if scheme.lower() not in SCHEMES:
        raise UsageError(f"scheduler address '{address}': claimtrace connects over tcp:// only, not {scheme}://")
    host, port = _host_port(address, rest)
    return host, port


def _host_port(address: str, rest: str) -> tuple[str, int]:
    if rest.startswith("["):  # an IPv6 literal: [::1]:8786
        host, bracket, after = rest[1:].partition("]")
        if not bracket or (after and not after.startswith(":")):
            raise UsageError(f"scheduler address '{address}': an IPv6 host goes in brackets, [::1]:8786")
        port_text = after[1:] if after else ""
    else:
        host, colon, port_text = rest.rpartition(":")
        if not colon:
            host, port_text = rest, ""
    if not host or any(c.isspace() or c in "/?#@[]" for c in host):
        raise UsageError(f"scheduler address '{address}': no host name, or one with characters a host cannot have")
    if not port_text:
        return host, DEFAULT_PORT
    if not (port_text.isascii() and port_text.isdigit()) or not 1 <= int(port_text) <= 65535:
        raise UsageError(f"scheduler address '{address}': the port must be a number from 1 to 65535")
    return host, int(port_text)


def check_timeout(timeout: object) -> float:
    """`timeout` as seconds: a finite number above 0."""
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < 1e6:
        raise UsageError(f"the connect timeout must be a number of seconds above 0, not {timeout!r}")
    return float(timeout)


def probe(address: str, timeout: float = CONNECT_TIMEOUT) -> None:
    """Connect to the scheduler at `address` and read its hello, all within `timeout` seconds;
    `UsageError` (one line) when the address is bad, nothing answers, or what answers is not a
    Dask scheduler."""
    host, port = check_address(address)
    timeout = check_timeout(timeout)
    deadline = time.monotonic() + timeout
    reach = f"cannot reach the Dask scheduler {address}"
    try:
        with _connect(host, port, deadline) as sock:
            (size,) = struct.unpack("<Q", _receive(sock, 8, deadline))
            if not 0 < size <= _HELLO_LIMIT:
                raise UsageError(f"{reach}: what answers there is not a Dask scheduler")
            _receive(sock, size, deadline)
    except (socket.timeout, TimeoutError):
        raise UsageError(f"{reach}: no answer within {timeout:g} s (--connect-timeout)") from None
    except OSError as exc:
        raise UsageError(f"{reach}: {exc.strerror or exc}") from None


def _connect(host: str, port: int, deadline: float) -> socket.socket:
    """A TCP connection to `host:port` made before `deadline`, as `socket.create_connection`
    makes one (each address the name resolves to, in turn), except that the name is resolved
    in a thread given until `deadline` too: `getaddrinfo` has no timeout of its own (a DNS
    server that does not answer held the probe for as long as the resolver's retries)."""
    infos = _within(lambda: socket.getaddrinfo(host, port, type=socket.SOCK_STREAM), deadline - time.monotonic())
    error: OSError = OSError(f"{host} resolves to no address")
    for family, kind, proto, _, sockaddr in infos:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(max(deadline - time.monotonic(), 0.001))
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            if isinstance(exc, (socket.timeout, TimeoutError)):
                raise
            error = exc
    raise error


def _receive(sock: socket.socket, size: int, deadline: float) -> bytes:
    """Exactly `size` bytes from `sock` before `deadline`."""
    data = bytearray()
    while len(data) < size:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        sock.settimeout(left)
        block = sock.recv(min(size - len(data), 65536))
        if not block:
            raise OSError("the connection was closed before the scheduler said hello")
        data += block
    return bytes(data)


class _Late(TimeoutError):
    """A call `_within` waited for did not finish in time (not a timeout the call raised)."""


def _within(call: Callable[[], T], timeout: float) -> T:
    """`call()` in a daemon thread, waited for at most `timeout` seconds (`_Late` after that;
    the thread is left behind). Whatever `call()` raises is re-raised here."""
    made: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            made.append(call())
        except BaseException as exc:  # handed to the caller's thread, which decides
            failed.append(exc)

    thread = threading.Thread(target=run, name="claimtrace-dask-connect", daemon=True)
    thread.start()
    thread.join(max(timeout, 0.0))
    if thread.is_alive():
        raise _Late
    if failed:
        raise failed[0]
    return made[0]


def connect_within(connect: Callable[[], T], address: str, timeout: float = CONNECT_TIMEOUT) -> T:
    """`connect()` (making a `distributed.Client`), given at most `timeout` seconds in all.

    `distributed` bounds its TCP connect and its later replies by its own `timeout`, but not the
    first read of its handshake: a peer that says a well-formed hello to `probe` and then stalls
    on `distributed`'s own connection held the run until killed. So the connect runs in a daemon
    thread, and one that has not finished in time is left behind (its connection dies with the
    process) and reported as one `UsageError` line. Whatever `connect()` raises is re-raised."""
    timeout = check_timeout(timeout)
    try:
        return _within(connect, timeout)
    except _Late:
        raise UsageError(f"cannot reach the Dask scheduler {address}: its handshake did not finish "
                         f"within {timeout:g} s (--connect-timeout)") from None
