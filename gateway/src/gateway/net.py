"""The client address of a request.

X-Forwarded-For is believed only when the direct peer is one of the configured trusted proxies
(GATEWAY_TRUSTED_PROXIES, addresses or CIDRs; none by default). Then the header is read from
the right, skipping the trusted proxies' own addresses: the first address not in the list is
the client (the left part of the header is whatever the client wrote, so never the answer).
A client connecting directly cannot change its address by sending the header, provided the
server does not rewrite the peer first: uvicorn believes X-Forwarded-For from loopback unless
started with `--no-proxy-headers`, as every process here is (make run, the images, the tests).

What is counted per client (the public rate limit, failed logins, known sign-in addresses) is
its `address_group`: an IPv6 client by its /64, which one host may hold whole.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
TrustedProxies = Sequence[IPNetwork]


def parse_networks(values: Sequence[str]) -> list[IPNetwork]:
    return [ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip()]


def _address(value: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, proxies: TrustedProxies
) -> bool:
    return any(address in network for network in proxies)


def peer_ip(scope: Any) -> str | None:
    client = scope.get("client")
    return str(client[0]) if client else None


def forwarded_for(scope: Any) -> list[str]:
    """Every X-Forwarded-For hop, in order, over all of the header's lines."""
    hops: list[str] = []
    for key, value in scope.get("headers", ()):
        if key == b"x-forwarded-for":
            hops.extend(h.strip() for h in value.decode("latin-1").split(","))
    return hops


def peer_is_trusted(scope: Any, proxies: TrustedProxies) -> bool:
    peer = peer_ip(scope)
    address = _address(peer) if peer else None
    return address is not None and _trusted(address, proxies)


def client_ip(scope: Any, proxies: TrustedProxies) -> str | None:
    peer = peer_ip(scope)
    if not proxies or peer is None or not peer_is_trusted(scope, proxies):
        return peer
    client = peer
    for hop in reversed(forwarded_for(scope)):
        address = _address(hop)
        if address is None:
            break  # a trusted proxy writes addresses only: this came from the client side
        client = str(address)
        if not _trusted(address, proxies):
            break
    return client


def address_group(ip: str | None) -> str:
    """The unit a client is counted by: an IPv4 address, or an IPv6 address's /64 (a host or
    a home network is routinely given a whole /64 and can rotate within it at will)."""
    if not ip:
        return "-"
    address = _address(ip)
    if address is None:
        return ip
    if address.version == 6:
        if address.ipv4_mapped is not None:  # an IPv4 client seen through a dual-stack socket
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
