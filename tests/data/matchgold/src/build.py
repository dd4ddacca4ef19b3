"""Build corpus.jsonl and queries.jsonl from data_dev.py / data_test.py, then validate and count."""
import json, random, re, collections, os, sys
sys.path.insert(0, os.path.dirname(__file__))
import data_dev, data_test
OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CODES = {"e":"exact","n":"near","p":"paraphrase","on":"other_number","oa":"other_actor","od":"other_direction","st":"same_topic"}
POS = {"exact","near","paraphrase"}
split = json.load(open(os.path.join(OUT, "split.json")))
topics = {**data_dev.TOPICS, **data_test.TOPICS}
assert set(topics) == set(split["dev"]) | set(split["test"]) and not set(split["dev"]) & set(split["test"])
for t in split["dev"]: assert t in data_dev.TOPICS
for t in split["test"]: assert t in data_test.TOPICS

def parse(s):
    d = {}
    for tok in s.split():
        k, c = tok.split("=")
        assert k not in d, (s, k)
        d[k] = CODES[c]
    return d

corpus, queries = [], []
cn = qn = 0
rng = random.Random(20261204)
for t in split["dev"] + split["test"]:
    T = topics[t]; kmap = {}
    for key, art, text in T["claims"]:
        cn += 1; cid = f"c{cn:03d}"; kmap[key] = cid
        assert key[0] == art
        n = len(text.split())
        assert 12 <= n <= 40, (t, key, n, text)
        corpus.append({"id": cid, "topic": t, "article": f"{t}-{art}", "text": text})
    qs = list(T["queries"]); rng.shuffle(qs)
    for text, rel, hn in qs:
        qn += 1
        r = parse(rel); h = parse(hn)
        assert not set(r) & set(h), text
        assert all(v in POS for v in r.values()) and all(v not in POS for v in h.values()), text
        assert r or h, text
        for k in list(r) + list(h): assert k in kmap, (t, k)
        queries.append({"id": f"q{qn:03d}", "topic": t, "text": text,
                        "relevant": {kmap[k]: v for k, v in r.items()},
                        "hard_negatives": {kmap[k]: v for k, v in h.items()}})
# duplicates
texts = collections.Counter(c["text"] for c in corpus); assert max(texts.values()) == 1
qt = collections.Counter(q["text"] for q in queries); assert max(qt.values()) == 1, [k for k,v in qt.items() if v>1]
with open(os.path.join(OUT, "corpus.jsonl"), "w") as f:
    for c in corpus: f.write(json.dumps(c, ensure_ascii=False) + "\n")
with open(os.path.join(OUT, "queries.jsonl"), "w") as f:
    for q in queries: f.write(json.dumps(q, ensure_ascii=False) + "\n")
print(len(corpus), "claims;", len(queries), "queries")
