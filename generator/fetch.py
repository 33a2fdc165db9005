"""Reading a job board's JSON politely: a timeout, one retry after a pause, a User-Agent that names the
site, and conditional requests (ETag, Last-Modified) whose answers are kept in `.cache/import/`."""

from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import os
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STATE_DIR = Path(".cache") / "import"  # in the site's folder; safe to delete
MAX_BYTES = 64 * 1024 * 1024  # a board's response, decompressed; a larger one is refused
_RETRIED = frozenset({408, 425, 429, 500, 502, 503, 504})  # worth one more try; other errors are answers


class FetchError(Exception):
    """Why a board could not be read (the source fails and closes nothing)."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A board's decoded JSON, and whether the server said it had not changed (HTTP 304)."""

    data: Any
    not_modified: bool


class Fetcher:
    """Reads boards' JSON, sending the validators of the answers it kept from earlier runs."""

    def __init__(self, root: Path, user_agent: str, timeout: float = 20.0, pause: float = 2.0) -> None:
        self.folder = root / STATE_DIR
        self.user_agent, self.timeout, self.pause = user_agent, timeout, pause
        try:
            kept = json.loads((self.folder / "state.json").read_text("utf-8"))
        except (OSError, ValueError):
            kept = {}
        self.state: dict[str, dict[str, str]] = {
            url: entry
            for url, entry in (kept.items() if isinstance(kept, dict) else [])
            if isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("etag", "last_modified", "body"))
        }
        self._changed = False

    def json(self, url: str) -> Fetched:
        """The JSON at `url`; raises FetchError, after one retry where another try might succeed."""
        try:
            return self._get(url)
        except _Retry as first:
            time.sleep(self.pause)
            try:
                return self._get(url)
            except _Retry as second:
                message = str(second) if str(second) == str(first) else f"{first}, then {second}"
                raise FetchError(f"{message} (tried twice)") from None

    def save(self) -> None:
        """Keep the validators and bodies of this run's answers for the next run."""
        if not self._changed:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        _replace(self.folder / "state.json", json.dumps(self.state, indent=1, sort_keys=True).encode())
        kept = {entry["body"] for entry in self.state.values()}
        for stale in self.folder.glob("*.json.gz"):
            if stale.name not in kept:
                stale.unlink(missing_ok=True)

    def _get(self, url: str) -> Fetched:
        headers = {"User-Agent": self.user_agent, "Accept": "application/json", "Accept-Encoding": "gzip"}
        known = self.state.get(url, {})
        if known and (self.folder / known["body"]).is_file():
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = _body(response.read(MAX_BYTES + 1), response.headers.get("Content-Encoding", ""))
                etag, modified = response.headers.get("ETag", ""), response.headers.get("Last-Modified", "")
        except urllib.error.HTTPError as exc:
            if exc.code == 304 and known:
                try:
                    return Fetched(_decode(gzip.decompress((self.folder / known["body"]).read_bytes())), True)
                except (OSError, EOFError, FetchError):  # the kept answer is damaged: ask again, for all of it
                    del self.state[url]
                    self._changed = True
                    raise _Retry("the answer kept in .cache/import could not be read") from None
            message = f"HTTP {exc.code} {exc.reason}".rstrip()
            raise (_Retry if exc.code in _RETRIED else FetchError)(message) from None
        except TimeoutError:
            raise _Retry(f"no answer within {self.timeout:g} s") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise _Retry(f"no answer within {self.timeout:g} s") from None
            raise _Retry(f"could not connect ({exc.reason})") from None
        except (ConnectionError, http.client.HTTPException) as exc:
            raise _Retry(f"the connection failed ({type(exc).__name__})") from None
        data = _decode(body)
        if etag or modified:
            name = hashlib.sha256(url.encode()).hexdigest()[:16] + ".json.gz"
            entry = {"etag": etag, "last_modified": modified, "body": name}
            if self.state.get(url) != entry or not (self.folder / name).is_file():
                self.folder.mkdir(parents=True, exist_ok=True)
                _replace(self.folder / name, gzip.compress(body, compresslevel=1, mtime=0))
                self.state[url], self._changed = entry, True
        elif url in self.state:
            del self.state[url]
            self._changed = True
        return Fetched(data, False)


class _Retry(FetchError):
    """A failure another try may not have: a timeout, a dropped connection, a busy server."""


def _body(raw: bytes, encoding: str) -> bytes:
    if len(raw) > MAX_BYTES:
        raise FetchError(f"the response is larger than {MAX_BYTES // 2**20} MB")
    if encoding.strip().lower() != "gzip":
        return raw
    inflate = zlib.decompressobj(wbits=31)
    try:
        body = inflate.decompress(raw, MAX_BYTES + 1)
    except zlib.error as exc:
        raise FetchError(f"the response's gzip is broken ({exc})") from None
    if len(body) > MAX_BYTES:
        raise FetchError(f"the response is larger than {MAX_BYTES // 2**20} MB")
    return body


def _decode(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise FetchError(f"malformed JSON ({exc})") from None


def _replace(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)
