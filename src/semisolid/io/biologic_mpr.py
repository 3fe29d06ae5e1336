"""Reader for Bio-Logic EC-Lab binary ``.mpr`` files (MIT, written from the format's facts).

File layout
-----------
An ``.mpr`` file is a 52-byte magic (``BIO-LOGIC MODULAR FILE\\x1a``, 25 spaces, 4 zero bytes)
followed by modules. Each module starts with ``MODULE``, a 10-byte short name
(``VMP Set``, ``VMP data``, ``VMP LOG``, ``VMP loop``, ``VMP ExtDev``) and a 25-byte long
name, then either

* (EC-Lab before 11.50) ``length`` u4, ``version`` u4, date (8 ASCII bytes): 57-byte header;
* (EC-Lab 11.50 and later) ``0xFFFFFFFF`` u4, ``length`` u4, a zero u4, ``version`` u4,
  date (8 bytes): 65-byte header,

followed by ``length`` bytes of module data. The **data module** holds the number of rows
(u4), the number of columns (u1; u2 in the new header form), one u2 column ID per column
(see :mod:`semisolid.io.biologic_columns`), padding, and from a version-dependent offset
(0x195 for version 2, 0x196 for version 3, 0x3EF for versions 10 and 11) the rows as packed
little-endian records. The **settings module** starts with the technique ID byte and holds
the user's comments (Pascal string at 0x07), the electrode area (f4 at 0x211, in the unit
chosen in EC-Lab, cm2 by default) and a sequence block (number of sequences; for GCPL the
programmed parameters, see :mod:`semisolid.io.biologic_settings`). The **log module** holds
the acquisition start as an OLE automation date (f8, days since 1899-12-30) at 0x249. A
**loop module** lists the first row of each loop (u4 count, then u4 indexes).

Every length and count is checked against the file size before anything is allocated; a
file that does not fit raises :class:`~semisolid.errors.FileFormatError` naming the byte
offset.

Examples
--------
>>> from semisolid.io.biologic_mpr import MAGIC
>>> MAGIC[:22]
b'BIO-LOGIC MODULAR FILE'
"""

from __future__ import annotations

import datetime as _dt
import itertools
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from semisolid.errors import FileFormatError
from semisolid.io.biologic_columns import COLUMNS, FLAGS, TECHNIQUES
from semisolid.io.biologic_settings import SettingsInfo, decode_settings

__all__ = ["MAGIC", "MprFile", "MprModule", "parse_mpr", "read_mpr", "read_mpr_spectra"]

MAGIC = b"BIO-LOGIC MODULAR FILE\x1a" + b" " * 25 + b"\x00" * 4
_MAGIC_TEXT = MAGIC[:23]
_MODULE = b"MODULE"
#: data-module version -> byte offset of the first row inside the module data
DATA_OFFSETS: dict[int, int] = {2: 0x195, 3: 0x196, 10: 0x3EF, 11: 0x3EF}
_OLE_EPOCH = _dt.datetime(1899, 12, 30)
_SIZES = (1, 2, 4, 8)
_GUESS_DTYPE = {1: "<u1", 2: "<u2", 4: "<f4", 8: "<f8"}


@dataclass
class MprModule:
    """One module of an ``.mpr`` file.

    Attributes
    ----------
    short_name, long_name : str
    version : int
    date : str
        The 8-character date written in the module header (``MM/DD/YY`` or ``MM.DD.YY``).
    header_offset : int
        Byte offset of ``MODULE`` in the file.
    data_offset : int
        Byte offset of the module data in the file.
    length : int
        Length of the module data in bytes.
    """

    short_name: str
    long_name: str
    version: int
    date: str
    header_offset: int
    data_offset: int
    length: int

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form."""
        return dict(self.__dict__)


@dataclass
class MprFile:
    """The decoded content of an ``.mpr`` file: raw columns plus header facts.

    Attributes
    ----------
    path : str
    modules : list of MprModule
    column_ids : list of int
        Column IDs in file order.
    columns : dict of str -> numpy.ndarray
        EC-Lab column name (with unit) -> values, in file order; the raw ``flags`` byte and
        its known bits expanded into their own columns (``mode``, ``ox/red``, ...).
    technique : str or None
        Technique of the settings module (``"GCPL"``, ``"MB"``, or ``"technique id 0x.."``).
    start_time : str or None
        Acquisition start (ISO 8601, local instrument time), from the log module.
    comments : str
    area_value : float or None
        Electrode area number from the settings module (unit as set in EC-Lab).
    loop_starts : list of int
        First row of each loop (loop module), empty when absent.
    data_version : int or None
    settings : SettingsInfo
        Sequence count and, for GCPL, the programmed parameters per sequence, decoded from
        the settings module (:mod:`semisolid.io.biologic_settings`).
    warnings : list of str

    Examples
    --------
    >>> from semisolid.samples import sample_path
    >>> mpr = parse_mpr(sample_path("gcpl"))
    >>> [m.short_name for m in mpr.modules], mpr.technique, mpr.data_version, mpr.n_rows
    (['VMP Set', 'VMP data', 'VMP LOG'], 'GCPL', 3, 46102)
    >>> mpr.start_time, "control/V/mA" in mpr.columns
    ('2020-10-26T12:49:58.000', True)
    """

    path: str
    modules: list[MprModule] = field(default_factory=list)
    column_ids: list[int] = field(default_factory=list)
    columns: dict[str, np.ndarray] = field(default_factory=dict)
    technique: str | None = None
    start_time: str | None = None
    comments: str = ""
    area_value: float | None = None
    loop_starts: list[int] = field(default_factory=list)
    data_version: int | None = None
    settings: SettingsInfo = field(default_factory=SettingsInfo)
    warnings: list[str] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        """Number of data rows."""
        return int(next(iter(self.columns.values())).size) if self.columns else 0

    def to_dict(self) -> dict[str, Any]:
        """Header facts as a plain dict (without the column arrays)."""
        return {
            "path": self.path,
            "modules": [m.to_dict() for m in self.modules],
            "column_ids": list(self.column_ids),
            "columns": list(self.columns),
            "technique": self.technique,
            "start_time": self.start_time,
            "comments": self.comments,
            "area_value": self.area_value,
            "loop_starts": list(self.loop_starts),
            "data_version": self.data_version,
            "settings": self.settings.to_dict(),
            "n_rows": self.n_rows,
            "warnings": list(self.warnings),
        }


def _u32(buf: bytes, off: int) -> int:
    return struct.unpack_from("<I", buf, off)[0]


def _split_modules(path: str, buf: bytes) -> list[MprModule]:
    if len(buf) < len(MAGIC):
        raise FileFormatError(
            path, f"file is {len(buf)} bytes, shorter than the {len(MAGIC)}-byte .mpr magic",
            offset=0,
        )
    if buf[: len(_MAGIC_TEXT)] != _MAGIC_TEXT:
        raise FileFormatError(
            path, "not a Bio-Logic .mpr file: it does not start with 'BIO-LOGIC MODULAR FILE'",
            offset=0,
        )
    mods: list[MprModule] = []
    pos = len(MAGIC)
    size = len(buf)
    while pos < size:
        if size - pos < 41 + 16:
            raise FileFormatError(
                path, f"truncated module header ({size - pos} bytes left, need 57)", offset=pos
            )
        if buf[pos : pos + 6] != _MODULE:
            raise FileFormatError(
                path, f"expected 'MODULE', found {bytes(buf[pos:pos + 6])!r}", offset=pos
            )
        short = buf[pos + 6 : pos + 16].decode("latin-1").strip()
        long = buf[pos + 16 : pos + 41].decode("latin-1").strip()
        if _u32(buf, pos + 41) == 0xFFFFFFFF:
            if size - pos < 65:
                raise FileFormatError(path, "truncated module header (need 65 bytes)", offset=pos)
            length = _u32(buf, pos + 45)
            version = _u32(buf, pos + 53)
            date = buf[pos + 57 : pos + 65]
            head = 65
        else:
            length = _u32(buf, pos + 41)
            version = _u32(buf, pos + 45)
            date = buf[pos + 49 : pos + 57]
            head = 57
        start = pos + head
        if length > size - start:
            raise FileFormatError(
                path,
                f"module {short!r} declares {length} bytes but only {size - start} remain",
                offset=pos + 41,
            )
        mods.append(
            MprModule(short, long, version, date.decode("latin-1"), pos, start, length)
        )
        pos = start + length
    return mods


def _resolve_unknown_sizes(unknown_bytes: int, k: int) -> list[tuple[int, ...]]:
    """All ways to write `unknown_bytes` as k sizes from {1, 2, 4, 8}."""
    if k > 6 or unknown_bytes < k or unknown_bytes > 8 * k:
        return []
    return [c for c in itertools.product(_SIZES, repeat=k) if sum(c) == unknown_bytes]


def _hinted_sizes(ids: list[int]) -> tuple[int, ...] | None:
    """Sizes of unknown IDs taken from the ID 256 lower (EC-Lab reuses meanings there),
    or None when one of them has no such known ID."""
    sizes = []
    for cid in ids:
        low = COLUMNS.get(cid - 256) if cid >= 256 else None
        if low is None:
            return None
        sizes.append(np.dtype(low[1]).itemsize)
    return tuple(sizes)


def _parse_data(path: str, buf: bytes, mod: MprModule, out: MprFile) -> None:
    d0, L = mod.data_offset, mod.length
    new_header = mod.version >= 10
    ids_at = 6 if new_header else 5
    if L < ids_at:
        raise FileFormatError(path, f"data module of {L} bytes has no header", offset=d0)
    n_rows = _u32(buf, d0)
    n_cols = struct.unpack_from("<H" if new_header else "<B", buf, d0 + 4)[0]
    ids_end = ids_at + 2 * n_cols
    if ids_end > L:
        raise FileFormatError(
            path, f"data module declares {n_cols} columns but is only {L} bytes long",
            offset=d0 + 4,
        )
    ids = list(struct.unpack_from(f"<{n_cols}H", buf, d0 + ids_at))
    out.column_ids = ids
    out.data_version = mod.version

    # Row layout: one flags byte for all flag IDs, then one field per other ID.
    fields: list[tuple[str, str | None, int]] = []  # (name, dtype or None if unknown, colID)
    flag_ids = [c for c in ids if c in FLAGS]
    if flag_ids:
        fields.append(("flags", "<u1", -1))
    for cid in ids:
        if cid in FLAGS:
            continue
        if cid in COLUMNS:
            name, dt = COLUMNS[cid]
            fields.append((name, dt, cid))
        else:
            fields.append((f"unknown column {cid}", None, cid))
    known = sum(np.dtype(dt).itemsize for _, dt, _ in fields if dt is not None)
    unknown = [i for i, f in enumerate(fields) if f[1] is None]

    offset = DATA_OFFSETS.get(mod.version)
    if offset is None:
        if unknown or n_rows == 0 or (L - known * n_rows) < ids_end:
            raise FileFormatError(
                path,
                f"unknown data-module version {mod.version} (known: "
                f"{', '.join(map(str, DATA_OFFSETS))}); cannot locate the rows",
                offset=mod.header_offset + 41,
            )
        offset = L - known * n_rows
        out.warnings.append(
            f"{Path(path).name}: data-module version {mod.version} is not one seen before; "
            f"rows located at byte {offset} of the module from the row size"
        )
    if offset > L:
        raise FileFormatError(
            path, f"data module of {L} bytes is shorter than its header ({offset} bytes)",
            offset=d0,
        )
    avail = L - offset
    if unknown:
        if n_rows == 0 or (avail - known * n_rows) % n_rows:
            combos = []
        else:
            combos = _resolve_unknown_sizes((avail - known * n_rows) // n_rows, len(unknown))
        hinted = False
        if len(combos) != 1 and n_rows:
            hint = _hinted_sizes([fields[i][2] for i in unknown])
            if hint is not None and sum(hint) * n_rows == avail - known * n_rows:
                combos, hinted = [hint], True
        if len(combos) != 1:
            first = fields[unknown[0]][2]
            at = d0 + ids_at + 2 * ids.index(first)
            raise FileFormatError(
                path,
                f"column ID {first} is unknown and its size cannot be worked out from the "
                f"data-module length ({len(unknown)} unknown column(s), "
                f"{len(combos)} possible size combinations)",
                offset=at,
            )
        for i, size in zip(unknown, combos[0], strict=True):
            name, _, cid = fields[i]
            fields[i] = (name, _GUESS_DTYPE[size], cid)
            prev = fields[i - 1][0] if i > 0 else "(start)"
            why = (f"; the size of ID {cid - 256} ({COLUMNS[cid - 256][0]!r}) was assumed, "
                   "the only sizes that fit the data module" if hinted else "")
            out.warnings.append(
                f"column ID {cid} after {prev!r} is unknown in {Path(path).name}: kept as "
                f"raw column {name!r} ({size} bytes read as {_GUESS_DTYPE[size]}){why}"
            )
    # unique names (e.g. ID 6 and ID 436 are both 'Ewe/V')
    seen: dict[str, int] = {}
    names = []
    for name, _, _ in fields:
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    dtype = np.dtype([(nm, f[1]) for nm, f in zip(names, fields, strict=True)])
    need = dtype.itemsize * n_rows
    if need > avail:
        raise FileFormatError(
            path,
            f"data module holds {avail} bytes of rows but {n_rows} rows of {dtype.itemsize} "
            f"bytes need {need}",
            offset=d0,
        )
    if need < avail:  # rows must end where the module ends: else the layout is unknown
        raise FileFormatError(
            path,
            f"data module version {mod.version} puts the rows at byte {offset} of the "
            f"module, but {n_rows} rows of {dtype.itemsize} bytes would end {avail - need} "
            "bytes before the module does; the version, row count or column list is "
            "damaged (or a layout not seen before)",
            offset=d0,
        )
    table = np.frombuffer(buf, dtype=dtype, count=n_rows, offset=d0 + offset)
    cols: dict[str, np.ndarray] = {}
    for nm in names:
        if nm == "flags":
            flags = table["flags"]
            cols["flags"] = flags  # raw byte: bit 0x40 has no known name
            for cid in flag_ids:
                fname, mask = FLAGS[cid]
                shift = (mask & -mask).bit_length() - 1
                cols[fname] = (flags & mask) >> shift
        else:
            cols[nm] = table[nm]
            bad = np.isnan(cols[nm]) if cols[nm].dtype.kind == "f" else None
            if bad is not None and bad.any():  # quiet NaN (a signalling one warns when cast)
                cols[nm] = np.where(bad, cols[nm].dtype.type("nan"), cols[nm])
                out.warnings.append(f"{Path(path).name}: column {nm!r} holds "
                                    f"{int(bad.sum())} NaN value(s), kept as NaN")
    out.columns = cols


def _parse_settings(path: str, buf: bytes, mod: MprModule, out: MprFile) -> None:
    d0, L = mod.data_offset, mod.length
    if L < 1:
        return
    tid = buf[d0]
    out.technique = TECHNIQUES.get(tid, f"technique id 0x{tid:02X}")
    if tid not in TECHNIQUES:
        out.warnings.append(
            f"{Path(path).name}: technique ID 0x{tid:02X} of the settings module is not in "
            "the decoded table; technique parameters are not read"
        )
    if L > 8:
        n = buf[d0 + 7]
        if 8 + n <= L:
            out.comments = buf[d0 + 8 : d0 + 8 + n].decode("cp1252", errors="replace").strip()
    if L >= 0x211 + 4:
        area = struct.unpack_from("<f", buf, d0 + 0x211)[0]
        if np.isfinite(area) and area > 0:
            out.area_value = float(area)
    out.settings = decode_settings(buf, d0, L, Path(path).name)
    out.warnings.extend(out.settings.warnings)


def _parse_log(path: str, buf: bytes, mod: MprModule, out: MprFile) -> None:
    if mod.length < 0x249 + 8:
        return
    days = struct.unpack_from("<d", buf, mod.data_offset + 0x249)[0]
    # plausible acquisition dates: 1990-01-01 .. 2100-01-01
    if np.isfinite(days) and 32874.0 <= days <= 73051.0:
        t = _OLE_EPOCH + _dt.timedelta(days=days)
        out.start_time = t.replace(microsecond=(t.microsecond // 1000) * 1000).isoformat(
            timespec="milliseconds"
        )
    else:
        out.warnings.append(f"{Path(path).name}: no acquisition start time in the log module")


def _parse_loop(path: str, buf: bytes, mod: MprModule, out: MprFile) -> None:
    if mod.length < 4:
        return
    n = _u32(buf, mod.data_offset)
    if 4 + 4 * n > mod.length:
        raise FileFormatError(
            path, f"loop module declares {n} loops but holds {mod.length} bytes",
            offset=mod.data_offset,
        )
    out.loop_starts = list(struct.unpack_from(f"<{n}I", buf, mod.data_offset + 4))


def parse_mpr(path: str | Path, data: bytes | None = None) -> MprFile:
    """Decode an ``.mpr`` file into raw EC-Lab columns and header facts.

    Parameters
    ----------
    path : str or Path
        The file (used for reading and in messages).
    data : bytes, optional
        The file's bytes, if already read.

    Returns
    -------
    MprFile

    Raises
    ------
    FileFormatError
        Wrong magic, a module or column table that does not fit the file, or an unknown
        column whose size cannot be worked out (the message names the column ID and byte).

    Examples
    --------
    >>> import tempfile, os, pathlib
    >>> p = os.path.join(tempfile.mkdtemp(), "bad.mpr")
    >>> _ = pathlib.Path(p).write_bytes(b"not an mpr file" * 4)
    >>> parse_mpr(p)
    Traceback (most recent call last):
    ...
    semisolid.errors.FileFormatError: ... (byte 0): not a Bio-Logic .mpr file: ...
    """
    path = str(path)
    buf = Path(path).read_bytes() if data is None else data
    out = MprFile(path=path)
    out.modules = _split_modules(path, buf)
    handlers = {
        "VMP Set": _parse_settings,
        "VMP data": _parse_data,
        "VMP LOG": _parse_log,
        "VMP loop": _parse_loop,
    }
    for mod in out.modules:
        h = handlers.get(mod.short_name)
        if h is None:
            out.warnings.append(
                f"{Path(path).name}: module {mod.short_name!r} (version {mod.version}) is not "
                "decoded; skipped"
            )
            continue
        h(path, buf, mod, out)
    if not any(m.short_name == "VMP data" for m in out.modules):
        raise FileFormatError(path, "no 'VMP data' module in the file", offset=len(MAGIC))
    return out


def read_mpr(path: str | Path, data: bytes | None = None, **kwargs: Any):
    """Read an ``.mpr`` file into :class:`~semisolid.io.data.CyclingData` (spectra filled).

    Parameters
    ----------
    path : str or Path
    data : bytes, optional
        The file's bytes if already in memory (`path` is then used only in messages).

    Raises
    ------
    FileFormatError
        The bytes are not a readable ``.mpr`` file (names the byte offset).
    InputError
        An option other than `data`.

    Examples
    --------
    The 5-cycle GCPL sample shipped with semisolid (navani, MIT):

    >>> from semisolid.samples import sample_path
    >>> rec = read_mpr(sample_path("gcpl"))
    >>> len(rec), rec.metadata.techniques, rec.n_half_cycles
    (46102, ['GCPL'], 13)
    >>> round(float(rec.set_current_A[1000]) * 1e3, 4)   # mA; the file's control/V/mA
    -0.0888
    >>> rec.current_A is None   # GCPL .mpr files store only the set point
    True
    >>> len(read_mpr("copy.mpr", data=sample_path("gcpl").read_bytes()))
    46102
    """
    from semisolid.io.assemble import assemble, stated_area
    from semisolid.io.biologic_common import column_unit_map, eclab_channels
    from semisolid.io.data import ReaderMetadata
    from semisolid.io.registry import reject_options

    reject_options("read_mpr", kwargs, ("data",))
    path = str(path)
    buf = Path(path).read_bytes() if data is None else data
    mpr = parse_mpr(path, buf)

    settings = mpr.settings
    warnings = list(mpr.warnings)
    ns_col = mpr.columns.get("Ns")
    if settings.n_sequences is not None and ns_col is not None and ns_col.size:
        ns_max = int(ns_col.max())
        if ns_max >= settings.n_sequences:  # the data ran a sequence the settings lack
            warnings.append(
                f"{Path(path).name}: the settings module lists {settings.n_sequences} "
                f"sequence(s) but the data reach Ns {ns_max}; settings-module parameters "
                "not used"
            )
            settings = SettingsInfo(technique_id=settings.technique_id)
    area_m2, area_text = stated_area(mpr.area_value, "cm2", unit_assumed=True)
    techniques = [mpr.technique] if mpr.technique else []
    md = ReaderMetadata(
        source_file=path,
        format="biologic-mpr",
        instrument="Bio-Logic EC-Lab",
        techniques=techniques,
        start_time=mpr.start_time,
        header_area_m2=area_m2,
        header_area_text=area_text,
        comments=mpr.comments or None,
        columns=column_unit_map(mpr.columns),
        warnings=warnings,
        extra={
            "modules": [m.to_dict() for m in mpr.modules],
            "column_ids": mpr.column_ids,
            "data_version": mpr.data_version,
            "loop_starts": mpr.loop_starts,
            "settings_module": {
                "technique_id": settings.technique_id,
                "n_sequences": settings.n_sequences,
                "parameters_decoded": bool(settings.parameters),
            },
        },
    )
    md.hash_later(buf)  # sha256 computed when first read
    rec = assemble(eclab_channels(path, mpr.columns, techniques), md)
    # observed entries first (their order is relied on), then the programmed ones
    rec.metadata.add_parameters([dict(p) for p in settings.parameters])
    return rec


def read_mpr_spectra(path: str | Path, **kwargs: Any):
    """The impedance spectra of an ``.mpr`` file (:class:`~semisolid.io.data.Spectra`).

    Examples
    --------
    The GCPL sample holds no impedance rows, so its spectra are empty:

    >>> from semisolid.samples import sample_path
    >>> s = read_mpr_spectra(sample_path("gcpl"))
    >>> len(s), s.to_frame().columns.tolist()[:3]
    (0, ['spectrum', 'frequency_Hz', 'z_real_Ohm'])
    """
    return read_mpr(path, **kwargs).spectra
