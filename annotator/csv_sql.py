"""CSV straight from a query: SQLite guards formula cells, the csv module writes a batch of row tuples at a time.

The previous writer built a dict per row and called neutralise() per cell in Python: two thirds of an export's
time (bench/export_speed.py). Here Python touches no cell; the bytes are those of export.csv_chunks.
"""

from .export import FORMULA_PREFIXES, csv_writer

# Rows fetched and written per chunk: about 64 KiB of a typical export (300 bytes a row), so a download or a
# file gets few large writes while memory stays a few hundred rows deep whatever the export's size.
ROWS_PER_CHUNK = 256

# The same characters as export.neutralise, as a GLOB that matches a text starting with one of them. "-" first in
# the brackets is itself, not a range.
_FORMULA_START = "'[" + "".join(sorted(FORMULA_PREFIXES, key=lambda prefix: prefix != "-")).replace("'", "''") + "]*'"


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def guarded(expression: str) -> str:
    """SQL for a value as export.neutralise returns it: text starting like a formula gets a leading apostrophe."""
    # Only text is guarded, as neutralise() leaves numbers alone: a stored -5 stays -5, a typed "-5" becomes '-5.
    # The GLOB runs first: it fails at the first character of almost every cell, so typeof() rarely runs.
    return (f"case when {expression} glob {_FORMULA_START} and typeof({expression}) = 'text' "
            f"then '''' || {expression} else {expression} end")


def guarded_query(columns, source: str, rest: str = "", unguarded=()) -> str:
    """select each column of source, guarded (but those in unguarded, which cannot start like a formula), + rest."""
    cells = ", ".join(quote_identifier(column) if column in unguarded else guarded(quote_identifier(column))
                      for column in columns)
    return f"select {cells} from {source}{rest}"


def csv_query_chunks(db, columns, sql: str, params=(), progress=None):
    """The CSV header, then the rows of sql (whose values are already guarded) in chunks of ROWS_PER_CHUNK rows;
    progress, if given, is called with the number of rows written so far after each chunk."""
    # As export.csv_chunks writes: RFC 4180 line ends, QUOTE_MINIMAL; None is written as an empty cell.
    writer, take = csv_writer()
    writer.writerow(columns)
    yield take()
    cursor = db.conn.execute(sql, list(params))
    written = 0
    try:
        while rows := cursor.fetchmany(ROWS_PER_CHUNK):
            writer.writerows(rows)
            written += len(rows)
            if progress is not None:
                progress(written)
            yield take()
    finally:
        cursor.close()
