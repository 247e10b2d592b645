"""scikit-learn side of bench/bgl-classifier.ts: TfidfVectorizer + RandomForestClassifier(n_estimators=100)
on the folds the TypeScript side exported, so both are scored on identical splits.

Usage: python3 bench/bgl_sklearn.py INPUT.json  ->  one JSON object on stdout.
INPUT.json: {"contents": [...], "labels": [...], "fold": [...], "folds": k, "singleCallsPerFold": n, "seed": s}
"""
import json
import sys
import time

import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline


def main(path):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    contents, labels, fold = data["contents"], data["labels"], data["fold"]
    predictions = [""] * len(labels)
    fit_ms, single_ms, batch_ms = [], [], 0.0
    for f in range(data["folds"]):
        train = [i for i, k in enumerate(fold) if k != f]
        test = [i for i, k in enumerate(fold) if k == f]
        model = make_pipeline(TfidfVectorizer(), RandomForestClassifier(n_estimators=100, random_state=data["seed"] + f))
        start = time.perf_counter()
        model.fit([contents[i] for i in train], [labels[i] for i in train])
        fit_ms.append((time.perf_counter() - start) * 1000)

        start = time.perf_counter()
        predicted = model.predict([contents[i] for i in test])
        batch_ms += (time.perf_counter() - start) * 1000
        for i, label in zip(test, predicted):
            predictions[i] = str(label)

        for i in test[: data["singleCallsPerFold"]]:
            start = time.perf_counter()
            model.predict_proba([contents[i]])
            single_ms.append((time.perf_counter() - start) * 1000)
    json.dump(
        {
            "version": sklearn.__version__,
            "predictions": predictions,
            "fitMs": fit_ms,
            "batchMsPerMessage": batch_ms / len(labels),
            "singleMs": single_ms,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main(sys.argv[1])
