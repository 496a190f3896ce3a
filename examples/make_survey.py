"""Writes examples/survey.csv: 40 synthetic respondents answering the 32 items of Mitra's
starting instrument on a 1-5 scale. Seeded, so the file is reproducible:

    python3 examples/make_survey.py > examples/survey.csv

Each respondent has a general partnership readiness; each component's answers share a component
factor on top of it, so items of one component correlate (Cronbach's alpha around 0.7-0.9). Scope
gets more item noise, so its alpha falls below 0.70 and shows the flag. Three respondents skip one
item each (listwise deletion in the reliability table)."""
import csv, random, sys

random.seed(20250101)
components = [("joint_planning", "jp", 0.0), ("joint_operation_control", "oc", -0.2),
              ("communication", "cm", 0.3), ("trust", "tr", 0.6), ("commitment", "co", 0.5),
              ("contract_style", "cs", -0.5), ("scope", "sc", -0.1), ("joint_investment", "ji", -1.0)]
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["responden"] + [f"{p}{k}" for _, p, _ in components for k in range(1, 5)])
skips = {7: "oc3", 19: "tr2", 33: "ji4"}
for r in range(1, 41):
    g = random.gauss(0, 1)
    row = [f"UMKM-{r:02d}"]
    for name, prefix, shift in components:
        factor = 0.7 * g + random.gauss(0, 0.7)
        noise = 2.0 if name == "scope" else 0.8
        for k in range(1, 5):
            v = round(3 + shift + 0.9 * factor + random.gauss(0, noise))
            row.append("" if skips.get(r) == f"{prefix}{k}" else min(5, max(1, v)))
    w.writerow(row)
