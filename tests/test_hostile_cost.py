"""Issue 12, cost: every lint path linear in input size and findings, peak memory under
300 MB at the 64 MB input limit.

Each hostile shape runs in a child process under a time limit (sizes chosen so that the
quadratic code took minutes and the linear code takes about a second) and reports its
peak resident memory (VmHWM). ``bench/hostile_growth.py`` shows the same shapes' growth.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from hostile_report import record
from repo_paths import REPO
from stepback_docs.findings import Finding, LintConfig
from stepback_docs.lint import engine, lint_text
from stepback_docs.lint.engine import resolve_overlaps

MB = 1024 * 1024

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
src, annotate = Path(sys.argv[1]), sys.argv[2]
from stepback_docs.errors import StepbackError
from stepback_docs.findings import LintConfig
from stepback_docs.lint import lint_file
error, count = None, 0
start = time.perf_counter()
try:
    found = lint_file(src, LintConfig(private_notes=sys.argv[3] or None))
    count = len(found)
    if annotate:
        from stepback_docs.annotate import annotate_docx
        count = annotate_docx(src, annotate, found)
except StepbackError as exc:
    error = str(exc)
with open("/proc/self/status") as status:
    peak = next(int(l.split()[1]) * 1024 for l in status if l.startswith("VmHWM:"))
seconds = time.perf_counter() - start
print(json.dumps({"error": error, "count": count, "peak": peak, "seconds": seconds}))
"""


def lint_in_child(
    path: Path, timeout: float, annotate: Path | None = None, notes: str = ""
) -> dict[str, object]:
    """Lint ``path`` (and annotate it) in a child; fails the test past ``timeout``."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path), str(annotate or ""), notes],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"linting {path.name} took more than {timeout} s")
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    seconds, peak = result["seconds"], result["peak"]
    assert isinstance(seconds, float) and isinstance(peak, int)
    record(seconds, peak)
    return result


# ------------------------------------------------------------------ time: linear paths


def test_many_findings_resolve_in_linear_time(tmp_path: Path) -> None:
    """resolve_overlaps compared each finding with every kept one (16,000 took 20 s)."""
    path = tmp_path / "doubts.txt"
    path.write_text("I was miserable.\n" * 40_000)
    result = lint_in_child(path, timeout=30)
    assert result["error"] is None and result["count"] == 40_000


def test_quoted_phrases_split_into_sentences_in_linear_time(tmp_path: Path) -> None:
    """Every sentence boundary was checked against every quoted span (140 KB: 20 s)."""
    path = tmp_path / "quotes.txt"
    path.write_text('"Ab. Cd" ' * 80_000 + "I was miserable.")
    result = lint_in_child(path, timeout=30)
    assert result["error"] is None and result["count"] == 1


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_suppression_comments_cost_linear_time(tmp_path: Path, suffix: str) -> None:
    """The text was rebuilt and its lines recounted per comment (20,000 took 13 s)."""
    path = tmp_path / f"comments{suffix}"
    path.write_text(
        "<!-- stepback-docs: disable-next=misery -->\nI was miserable.\n\nI was bored.\n\n" * 16_000
    )
    result = lint_in_child(path, timeout=30)
    assert result["error"] is None and result["count"] == 16_000  # the boredom only


def test_disable_regions_find_their_enable_in_linear_time(tmp_path: Path) -> None:
    path = tmp_path / "regions.md"
    path.write_text(
        "<!-- stepback-docs: disable=misery -->\nI was miserable.\n\n"
        "<!-- stepback-docs: enable=misery -->\nI was miserable.\n\n" * 8_000
    )
    result = lint_in_child(path, timeout=30)
    assert result["error"] is None and result["count"] == 8_000


def test_the_leak_check_finds_sentences_in_linear_time(tmp_path: Path) -> None:
    """Each leak's sentence was searched for from the top (480 KB took 220 s)."""
    path = tmp_path / "leaky.txt"
    path.write_text("Bob Smith took credit at Initech. I had a breakdown in 2021.\n" * 8_000)
    notes = "I left because my manager Bob Smith took credit and I had a breakdown at Initech."
    result = lint_in_child(path, timeout=30, notes=notes)
    assert result["error"] is None and result["count"] == 24_000


def test_annotate_builds_the_comments_part_once(tmp_path: Path) -> None:
    """python-docx's add_comment looks through every comment (4,000 findings: 20 s)."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    for _ in range(5_000):
        document.add_paragraph("I was miserable and bored at my last job.")
    path = tmp_path / "many.docx"
    document.save(str(path))
    out = tmp_path / "annotated.docx"
    result = lint_in_child(path, timeout=30, annotate=out)
    assert result["error"] is None and result["count"] == 10_000
    comments = list(docx.Document(str(out)).comments)
    assert len(comments) == 10_000
    assert len({c.comment_id for c in comments}) == 10_000
    assert sorted({c.text.split(":")[0] for c in comments}) == ["boredom", "misery"]
    # every comment is anchored: one range start, range end and reference per id
    body = docx.Document(str(out)).element.body
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        ids = sorted(int(e.get(qn("w:id"))) for e in body.iter(qn(f"w:{tag}")))
        assert ids == sorted(c.comment_id for c in comments), tag


# ------------------------------------------------------------------ memory per byte


@pytest.mark.parametrize(
    ("name", "unit", "size"),
    [
        ("newlines.txt", "\n", 20 * MB),  # was 3.2 GB
        ("rule.md", "-", 5 * MB),  # "(?:-[ \t]*){3,}" remembered each dash: 639 MB
        ("prose.txt", "We shipped the billing system on time and under budget. ", 63 * MB),
        ("quotes.txt", '"Ab. Cd" ', 24 * MB),  # was ~1 GB at 63 MB
    ],
    ids=["newlines-20MB", "dashes-5MB", "prose-63MB", "quotes-24MB"],
)
def test_peak_memory_stays_under_300_mb(tmp_path: Path, name: str, unit: str, size: int) -> None:
    path = tmp_path / name
    path.write_text(unit * (size // len(unit)) + "\nI was miserable.\n")
    result = lint_in_child(path, timeout=90)
    assert result["error"] is None and result["count"] == 1
    assert isinstance(result["peak"], int) and result["peak"] < 300 * MB, result["peak"] // MB


def test_a_flood_of_findings_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """Every finding costs about 1 KB: past 50,000 the input is not a document."""
    path = tmp_path / "flood.txt"
    path.write_text("I was miserable.\n" * 120_000)
    result = lint_in_child(path, timeout=60)
    assert result["error"] == f"{path}: {engine.TOO_MANY}"
    assert isinstance(result["peak"], int) and result["peak"] < 300 * MB


# ------------------------------------------------------------------ same answers


def _old_resolve(findings: list[Finding], broad: frozenset[str]) -> list[Finding]:
    """The quadratic original, kept as the reference."""
    from stepback_docs.findings import SEVERITY_RANK

    findings = [
        f
        for f in findings
        if f.rule not in broad
        or not any(
            g is not f
            and g.category == f.category
            and f.start <= g.start
            and g.end <= f.end
            and (g.end - g.start) < (f.end - f.start)
            for g in findings
        )
    ]
    ranked = sorted(
        findings, key=lambda f: (-SEVERITY_RANK[f.severity], -(f.end - f.start), f.start)
    )
    kept: list[Finding] = []
    for f in ranked:
        if all(f.end <= k.start or k.end <= f.start for k in kept):
            kept.append(f)
    kept.sort(key=lambda f: (f.start, f.end, f.rule))
    return kept


def test_resolve_overlaps_keeps_what_the_quadratic_version_kept() -> None:
    rng = random.Random(12)
    for _ in range(300):
        found = []
        for _ in range(rng.randint(0, 30)):
            start = rng.randint(0, 60)
            end = start + rng.randint(1, 15)
            found.append(
                Finding(
                    rng.choice(["misery", "boredom"]),
                    rng.choice(["misery.broad", "misery.a", "boredom.b"]),
                    rng.choice(["error", "warning", "info"]),
                    start,
                    end,
                    "x",
                    "s",
                    "m",
                    [],
                )
            )
        broad = frozenset({"misery.broad"})
        assert resolve_overlaps(list(found), broad) == _old_resolve(list(found), broad)


def test_linting_in_pieces_finds_what_the_whole_text_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long texts are linted a piece at a time, cut only where a sentence surely ends."""
    lines = [
        json.loads(line)["text"]
        for line in (REPO / "tests/data/lint-regression.jsonl").read_text().splitlines()
        if line.strip()
    ]
    rng = random.Random(5)
    seps = ["\n", "\n\n", " ", "  \n", "\n  ", "\n- ", ' "Quoted. Words" ', ". "]
    text = "".join(line + rng.choice(seps) for line in lines)
    whole = [(f.start, f.end, f.rule, f.sentence) for f in lint_text(text, LintConfig())]
    assert len(whole) > 100
    monkeypatch.setattr(engine, "CHUNK", 300)
    assert sum(1 for _ in engine.chunks(text, 300)) > 100
    pieces = [(f.start, f.end, f.rule, f.sentence) for f in lint_text(text, LintConfig())]
    assert pieces == whole


def test_a_legacy_encoding_is_detected_on_a_sample_not_the_whole_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The detector on 56 MB of Windows-1252 took 30 s and 300 MB (it keeps copies)."""
    import charset_normalizer

    from stepback_docs.readers.text import decode_text

    seen: list[int] = []
    real = charset_normalizer.from_bytes

    def spy(data: bytes, **kwargs: object) -> object:
        seen.append(len(data))
        return real(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(charset_normalizer, "from_bytes", spy)
    text = "Caf\u00e9 r\u00e9sum\u00e9, na\u00efve \u2013 we shipped on time.\n" * 80_000
    with pytest.warns(UserWarning, match="not UTF-8; read as Windows-1252"):
        assert decode_text(text.encode("cp1252"), "cv.txt") == text
    assert seen and max(seen) <= 1 << 20
