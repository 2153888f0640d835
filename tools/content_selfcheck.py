"""Quick self-check for a reading file while writing content (the real checker is
`quizapp check-questions`). Usage: python tools/content_selfcheck.py questions/<slug>.yaml"""
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def main(path: str) -> None:
    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    summary = " ".join(s["text"] for s in doc["summary"])
    print("summary words:", len(summary.split()))
    seed = SEEDS / doc["source_file"]
    if seed.exists():
        art = words(seed.read_text(encoding="utf-8"))
        grams = {tuple(art[i : i + 12]) for i in range(len(art) - 11)}
        all_text = [summary] + [q["prompt"] + " " + q["explanation"] + " " + " ".join(
            c["text"] + " " + c["feedback"] for c in q["choices"]) for q in doc["questions"]]
        for t in all_text:
            w = words(t)
            for i in range(len(w) - 11):
                if tuple(w[i : i + 12]) in grams:
                    print("COPIED 12+ words:", " ".join(w[i : i + 12]))
    pos = Counter()
    for q in doc["questions"]:
        for i, c in enumerate(q["choices"]):
            if c.get("correct"):
                pos[i] += 1
    n = sum(pos.values())
    print("mc questions:", len(doc["questions"]), "discussion:", len(doc["discussion"]))
    print("correct positions:", dict(pos), "max share:", max(pos.values()) / n if n else 0)
    print("key points:", len(doc["key_points"]), "key terms:", len(doc["key_terms"]))


if __name__ == "__main__":
    main(sys.argv[1])
