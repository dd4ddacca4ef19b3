"""Verdict rows to CSV or JSON Lines, as generators of text chunks so exports stream at any size."""
import csv
import io
import json

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection); a leading apostrophe
# makes Excel, LibreOffice and Google Sheets show it as text. Tab and carriage return start formulas too.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell value that a spreadsheet will not execute; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return "" if value is None else value


def csv_writer():
    """A csv writer into a buffer, and take(): the text written since the last take, for streaming."""
    buffer = io.StringIO()
    # lineterminator "\r\n" is what RFC 4180 specifies; csv's QUOTE_MINIMAL quotes commas, quotes and newlines.
    writer = csv.writer(buffer, lineterminator="\r\n")

    def take():
        chunk = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return chunk
    return writer, take


def csv_chunks(columns, rows):
    """The header, then one RFC 4180 line per row (dicts with the given columns), each yielded as text."""
    writer, take = csv_writer()
    writer.writerow(columns)
    yield take()
    for row in rows:
        writer.writerow([neutralise(row[column]) for column in columns])
        yield take()


def jsonl_chunks(columns, rows):
    """One JSON object per line, keys in column order; no neutralising, since JSON is not opened as a sheet."""
    for row in rows:
        yield json.dumps({column: row[column] for column in columns}, ensure_ascii=False) + "\n"


# Excel on Windows reads a CSV without a byte order mark as the local code page, so "é" and curly quotes come out
# as mojibake; with U+FEFF first it reads UTF-8. Other tools (Python's csv, pandas, LibreOffice) take it or skip it.
BOM = "\ufeff"


def with_bom(chunks):
    """The chunks with a UTF-8 byte order mark before the first: the "Excel" option of the CSV downloads."""
    chunks = iter(chunks)
    first = next(chunks, None)
    if first is not None:
        yield BOM + first
        yield from chunks


# A streamed download sends chunks of about this size: one chunk per row would cost a write per row on both
# ends (a 200,000-row download took twice as long, and the client's CPU 30 times as much; bench/export_speed.py).
DOWNLOAD_CHUNK_SIZE = 64 * 1024


def joined(chunks, size: int = DOWNLOAD_CHUNK_SIZE):
    """The first chunk (the header) at once, then the rest gathered into pieces of about size characters."""
    chunks = iter(chunks)
    first = next(chunks, None)
    if first is None:
        return
    yield first
    pending, length = [], 0
    for chunk in chunks:
        pending.append(chunk)
        length += len(chunk)
        if length >= size:
            yield "".join(pending)
            pending, length = [], 0
    if pending:
        yield "".join(pending)
