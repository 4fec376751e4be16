"""The fonts of the generated documents.

A PDF embeds its font: Noto Serif from the `fontpkg_noto_serif` package (it has every letter of
the Kazakh alphabet: ә ғ қ ң ө ұ ү һ і). The package ships it as a variable font (axes `wdth`
and `wght`); fpdf2 can instantiate a variable font itself (`add_font(variations=...)`), but it
does so in every document, about 1.5 s a style. So we instantiate the static styles we use
(regular and bold: `wdth` 100, `wght` 400 and 700) once with fontTools, into a cache
directory (`<BAGALAU_DATA_DIR>/cache/fonts/`, or the system temp directory when that is not
writable), keyed by the source file and the fontTools version; a document then embeds the
static files, subset to the characters it uses.

A DOCX only names its font (`DOCX_FONT`); the word processor has it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path

import fontpkg_noto_serif
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from fontTools import version as fonttools_version

# The family name the PDF renderer registers the styles under (`FPDF.set_font(PDF_FAMILY)`).
PDF_FAMILY = "NotoSerif"
DOCX_FONT = "Times New Roman"

_FILES = fontpkg_noto_serif.ROOT / "files"
VARIABLE_UPRIGHT = _FILES / "NotoSerif[wdth,wght].ttf"
VARIABLE_ITALIC = _FILES / "NotoSerif-Italic[wdth,wght].ttf"

# fpdf2 style letters -> (variable source, weight). The forms print no italics.
STYLES: dict[str, tuple[Path, int]] = {
    "": (VARIABLE_UPRIGHT, 400),
    "B": (VARIABLE_UPRIGHT, 700),
}

_lock = threading.Lock()
_paths: dict[str, Path] = {}


def cache_dir() -> Path:
    """Where the static instances are kept: under the Django data directory if it is
    configured and writable, else in the system temp directory."""
    candidates: list[Path] = []
    try:
        data_dir = settings.DATA_DIR
    except (ImproperlyConfigured, AttributeError):  # a use of the renderers outside Django
        data_dir = None
    if data_dir:
        candidates.append(Path(data_dir) / "cache" / "fonts")
    candidates.append(Path(tempfile.gettempdir()) / "bagalau-fonts")
    for candidate in candidates:
        try:
            candidate.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(candidate, os.W_OK):
            return candidate
    raise OSError("no writable directory for the font cache")


def _cache_name(source: Path, weight: int) -> str:
    stat = source.stat()
    key = f"{source.name}|{stat.st_size}|{stat.st_mtime_ns}|{fonttools_version}|{weight}|named"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return f"{source.name.split('[')[0]}-wght{weight}-{digest}.ttf"


def _instantiate(source: Path, weight: int, target: Path) -> None:
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(source)
    static = instancer.instantiateVariableFont(
        font, {"wght": weight, "wdth": 100}, static=True, updateFontNames=True
    )
    # Written to a temporary name and renamed: another process may read the cache meanwhile.
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        static.save(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def static_font(style: str = "") -> Path:
    """The static TrueType file of a style ("" or "B"), instantiated on first use."""
    if style not in STYLES:
        raise ValueError(f"no font style {style!r}")
    with _lock:
        path = _paths.get(style)
        if path is not None and path.exists():
            return path
        source, weight = STYLES[style]
        path = cache_dir() / _cache_name(source, weight)
        if not path.exists():
            _instantiate(source, weight, path)
        _paths[style] = path
        return path


def pdf_fonts() -> dict[str, Path]:
    """Every style the PDF renderer registers: style letters -> static font file."""
    return {style: static_font(style) for style in STYLES}
