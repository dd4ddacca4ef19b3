"""An article's content hash: how a rerun of an import knows which articles it stored already."""
import hashlib
import json


def content_hash(title: str | None, url: str | None, text: str | None) -> str:
    """SHA-256 of the title, URL and text as stored: the same article read twice hashes the same."""
    return hashlib.sha256(json.dumps([title or "", url or "", text or ""], ensure_ascii=False).encode()).hexdigest()
