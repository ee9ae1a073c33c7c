#!/usr/bin/env python3
"""The scikit-learn reference for `npm run bench:analysis`: tf-idf + LSA + k-means on a labelled corpus.

Reads JSON Lines {"id", "text", "label"} from the file named by the first argument (or stdin) and the number of
themes k from the second; prints one JSON object: V-measure and adjusted Rand index against the labels, median of
seeds 1-3, and the seconds each run took inside Python (vectorising to assignments, interpreter start excluded).

The pipeline is scikit-learn's own text-clustering example: TfidfVectorizer (English stop words, sublinear tf,
words in at least 2 and at most half of the texts), TruncatedSVD to 100 dimensions (fewer if the corpus is small),
rows normalised to unit length, then KMeans with its default 10 starts (k-means++).
Needs Debian's python3-sklearn (apt-get install -y python3-sklearn).
"""
import json
import statistics
import sys
import time

from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, v_measure_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer


def themes(texts, k, seed):
    start = time.perf_counter()
    tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2, max_df=0.5)
    x = tfidf.fit_transform(texts)
    rank = max(2, min(100, x.shape[1] - 1, x.shape[0] - 1))
    lsa = make_pipeline(TruncatedSVD(n_components=rank, random_state=seed), Normalizer(copy=False))
    reduced = lsa.fit_transform(x)
    labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(reduced)
    return labels, time.perf_counter() - start


def main():
    source = open(sys.argv[1], encoding="utf8") if len(sys.argv) > 1 and sys.argv[1] != "-" else sys.stdin
    rows = [json.loads(line) for line in source if line.strip()]
    k = int(sys.argv[2]) if len(sys.argv) > 2 else len({r["label"] for r in rows})
    texts = [r["text"] for r in rows]
    truth = [r["label"] for r in rows]
    runs = []
    for seed in (1, 2, 3):
        predicted, seconds = themes(texts, k, seed)
        runs.append(
            {
                "seed": seed,
                "vMeasure": round(v_measure_score(truth, predicted), 3),
                "ari": round(adjusted_rand_score(truth, predicted), 3),
                "seconds": round(seconds, 3),
            }
        )
    print(
        json.dumps(
            {
                "sklearn": __import__("sklearn").__version__,
                "n": len(rows),
                "k": k,
                "vMeasure": statistics.median(r["vMeasure"] for r in runs),
                "ari": statistics.median(r["ari"] for r in runs),
                "seconds": statistics.median(r["seconds"] for r in runs),
                "runs": runs,
            }
        )
    )


if __name__ == "__main__":
    main()
