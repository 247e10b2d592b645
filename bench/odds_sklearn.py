"""scikit-learn side of bench/odds.ts: IsolationForest(n_estimators=100, max_samples=256), fit on all rows
and score all rows, once per seed, as the ODDS reference in ../shared/bench-data/README.md was measured.

Usage: python3 bench/odds_sklearn.py SET.csv SEEDS  ->  one JSON object on stdout:
{"version": ..., "auc": [per seed], "ms": [fit+score per seed]}
"""
import json
import sys
import time

import pandas as pd
import sklearn
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score


def main(path, seeds):
    frame = pd.read_csv(path)
    labels = frame["label"].to_numpy()
    features = frame.drop(columns=["label"]).to_numpy()
    auc, ms = [], []
    for seed in range(seeds):
        start = time.perf_counter()
        forest = IsolationForest(n_estimators=100, max_samples=256, random_state=seed).fit(features)
        scores = -forest.score_samples(features)
        ms.append((time.perf_counter() - start) * 1000)
        auc.append(roc_auc_score(labels, scores))
    json.dump({"version": sklearn.__version__, "auc": auc, "ms": ms}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
