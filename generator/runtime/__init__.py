"""The hand-written runtime shared by generated packages and the dynamic client.

It is tested here as ordinary code and copied verbatim into each generated package as its
private `_runtime` package, so both clients behave the same by construction. Everything in this
folder imports only the standard library, httpx and its siblings (relative imports).
"""
