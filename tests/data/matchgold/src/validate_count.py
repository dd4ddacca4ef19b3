"""Independent validation of the output files + counts per class and half (prints markdown)."""
import json, collections, os
D = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
split = json.load(open(os.path.join(D, "split.json")))
half = {t: h for h in ("dev", "test") for t in split[h]}
corpus = [json.loads(l) for l in open(os.path.join(D, "corpus.jsonl"))]
queries = [json.loads(l) for l in open(os.path.join(D, "queries.jsonl"))]
cid = {c["id"]: c for c in corpus}
assert len(cid) == len(corpus) and len({q["id"] for q in queries}) == len(queries)
POS = ("exact", "near", "paraphrase"); NEG = ("other_number", "other_actor", "other_direction", "same_topic")
for c in corpus:
    assert set(c) == {"id", "topic", "article", "text"} and c["topic"] in half and c["article"].startswith(c["topic"] + "-")
    assert 12 <= len(c["text"].split()) <= 40
for q in queries:
    assert set(q) == {"id", "topic", "text", "relevant", "hard_negatives"} and q["topic"] in half
    for k, v in q["relevant"].items(): assert k in cid and v in POS and cid[k]["topic"] == q["topic"]
    for k, v in q["hard_negatives"].items(): assert k in cid and v in NEG and cid[k]["topic"] == q["topic"]
print("validation OK: all lines parse, all referenced ids exist, labels valid, no topic on both sides\n")
def qtype(q):
    r = q["relevant"]
    if not r: return "no_relevant"
    return min(r.values(), key=POS.index)  # best (strongest) class
rows = []
H = ("dev", "test")
cnt = {h: collections.Counter() for h in H}; qcnt = {h: collections.Counter() for h in H}
topics = {h: len(split[h]) for h in H}; ccnt = collections.Counter(half[c["topic"]] for c in corpus)
for q in queries:
    h = half[q["topic"]]; qcnt[h][qtype(q)] += 1; qcnt[h]["all"] += 1
    for v in q["relevant"].values(): cnt[h][v] += 1
    for v in q["hard_negatives"].values(): cnt[h][v] += 1
print("| | dev | test | total |\n|---|---|---|---|")
print(f"| topics | {topics['dev']} | {topics['test']} | {sum(topics.values())} |")
print(f"| corpus claims | {ccnt['dev']} | {ccnt['test']} | {len(corpus)} |")
print(f"| queries | {qcnt['dev']['all']} | {qcnt['test']['all']} | {len(queries)} |")
for k in ("exact", "near", "paraphrase", "no_relevant"):
    print(f"| queries whose best match is `{k}` | {qcnt['dev'][k]} | {qcnt['test'][k]} | {qcnt['dev'][k]+qcnt['test'][k]} |" if k != "no_relevant" else
          f"| queries with no relevant claim | {qcnt['dev'][k]} | {qcnt['test'][k]} | {qcnt['dev'][k]+qcnt['test'][k]} |")
print("\nLabelled (query, claim) pairs:\n\n| class | dev | test | total |\n|---|---|---|---|")
for k in POS + NEG:
    print(f"| {k} | {cnt['dev'][k]} | {cnt['test'][k]} | {cnt['dev'][k]+cnt['test'][k]} |")
rp = {h: sum(cnt[h][k] for k in POS) for h in H}; nn = {h: sum(cnt[h][k] for k in NEG) for h in H}
print(f"| **relevant total** | {rp['dev']} | {rp['test']} | {rp['dev']+rp['test']} |")
print(f"| **hard-negative total** | {nn['dev']} | {nn['test']} | {nn['dev']+nn['test']} |")
