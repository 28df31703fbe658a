"""Downloading a URL to a file (`file://` read from the host, `http(s)://` through httpx) and unpacking tarballs.

httpx is the HTTP client because it does both blocking and asyncio requests
with one API, so the synchronous and the asyncio host share everything but
the call that waits. Errors are CppNix's `unable to download '<url>': ...`.
"""

from __future__ import annotations

import os
import tarfile
import zipfile
from typing import Any, Callable

from ..vm.errors import EvalError

HTTP_TIMEOUT = 300.0
"""Seconds without progress before a download fails (CppNix's `stalled-download-timeout` is 300)."""

_USER_AGENT = "pynix (Nix fetcher)"


def is_http(url: str) -> bool:
    """Whether `url` is downloaded over HTTP(S) (not read from the host)."""
    return url.startswith(("http://", "https://"))


def _http_error(url: str, err: Exception) -> EvalError:
    import httpx
    if isinstance(err, httpx.HTTPStatusError):
        return EvalError(f"unable to download '{url}': HTTP error {err.response.status_code}")
    reason = str(err) or type(err).__name__
    return EvalError(f"unable to download '{url}': {reason}")


_ssl_context: Any = None


def _client_options() -> dict[str, Any]:
    """httpx client settings; the TLS context (costly to build: certificates are loaded) is made once."""
    global _ssl_context
    if _ssl_context is None:
        import ssl
        _ssl_context = ssl.create_default_context()
    return {"follow_redirects": True, "timeout": HTTP_TIMEOUT, "headers": {"User-Agent": _USER_AGENT},
            "verify": _ssl_context}


def download(url: str, target: str, read_bytes: Callable[[str], bytes]) -> None:
    """Write what `url` names to the file `target`; a `file://` URL is read with `read_bytes` (the host)."""
    if not is_http(url):
        write_local(url, target, read_bytes)
        return
    import httpx
    try:
        with httpx.Client(**_client_options()) as client, client.stream("GET", url) as response:
            response.raise_for_status()
            with open(target, "wb") as out:
                for chunk in response.iter_bytes():
                    out.write(chunk)
    except httpx.HTTPError as err:
        raise _http_error(url, err) from None


async def download_async(url: str, target: str) -> None:
    """`download` of an HTTP(S) URL on the running event loop."""
    import httpx
    try:
        async with httpx.AsyncClient(**_client_options()) as client, client.stream("GET", url) as response:
            response.raise_for_status()
            with open(target, "wb") as out:
                async for chunk in response.aiter_bytes():
                    out.write(chunk)
    except httpx.HTTPError as err:
        raise _http_error(url, err) from None


def write_local(url: str, target: str, read_bytes: Callable[[str], bytes]) -> None:
    """Copy the file a `file://` URL names to `target`, reading it with `read_bytes`."""
    if not url.startswith("file://"):
        raise EvalError(f"unable to download '{url}': unsupported URL scheme")
    from urllib.parse import unquote
    try:
        data = read_bytes(unquote(url[len("file://"):]))
    except OSError as err:
        raise EvalError(f"unable to download '{url}': {err.strerror or err}") from None
    with open(target, "wb") as out:
        out.write(data)


def unpack_archive(archive: str, url: str, into: str) -> str:
    """Unpack the tarball or zip file `archive` into the directory `into`; the one top-level entry.

    As CppNix, the archive must hold exactly one top-level file or directory."""
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as z:
                z.extractall(into)
        else:
            with tarfile.open(archive) as tar:
                tar.extractall(into, filter="tar")
    except (tarfile.ReadError, tarfile.CompressionError):
        raise EvalError(f"unable to unpack '{url}': it is not a tar or zip archive pynix can read") from None
    except (tarfile.TarError, zipfile.BadZipFile, OSError, EOFError) as err:
        raise EvalError(f"unable to unpack '{url}': {err}") from None
    members = os.listdir(into)
    if len(members) != 1:
        raise EvalError(f"tarball '{url}' contains an unexpected number of top-level files")
    return os.path.join(into, members[0])
