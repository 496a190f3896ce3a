"""Before/after timings of the organisation search's statements on one seeded database.

SQLite: the old statements (LIKE scans) and the new ones (FTS5 trigram) on the same file.
PostgreSQL: the statements are unchanged; "before" runs them inside a transaction that drops the
pg_trgm indexes (rolled back afterwards), "after" with the indexes. Prepared statements with a
parameter, as sqlx sends them, executed N times; the median is reported.

Usage (release build, a seeded SQLite file and PostgreSQL database):
    mitra demo --umkm 300000 --database-url sqlite:/tmp/m.db
    createdb -h 127.0.0.1 -U postgres mitra_bench && \
        mitra demo --umkm 300000 --database-url postgres://postgres@127.0.0.1/mitra_bench
    python3 bench/search-before-after.py /tmp/m.db mitra_bench
"""
import re, sqlite3, statistics, subprocess, sys, time

N = 15
LIST = ("SELECT o.organisation_id, o.kind, o.legal_name, o.region_code, o.sector, o.size_class, "
        "o.workers FROM organisation o WHERE 1 = 1 AND {cond} ORDER BY o.name_key, o.organisation_id "
        "LIMIT 20 OFFSET 0")
COUNT = "SELECT COUNT(*) FROM organisation o WHERE 1 = 1 AND {cond}"
LIKE_NAME = "o.name_key LIKE {p} ESCAPE '\\'"
LIKE_PRODUCT = ("o.organisation_id IN (SELECT op.organisation_id FROM organisation_product op "
                "WHERE op.product_key LIKE {p} ESCAPE '\\')")
LIST_FENCED = ("WITH o AS MATERIALIZED (SELECT o.organisation_id, o.kind, o.legal_name, o.region_code, "
               "o.sector, o.size_class, o.workers, o.name_key FROM organisation o WHERE 1 = 1 AND {cond}) "
               "SELECT o.organisation_id, o.kind, o.legal_name, o.region_code, o.sector, o.size_class, "
               "o.workers FROM o ORDER BY o.name_key, o.organisation_id LIMIT 20 OFFSET 0")
FTS_NAME = ("o.organisation_id IN (SELECT rowid FROM organisation_name_fts "
            "WHERE organisation_name_fts MATCH {p})")
FTS_PRODUCT = ("o.organisation_id IN (SELECT organisation_id FROM organisation_product_fts "
               "WHERE organisation_product_fts MATCH {p})")
CASES = [("name", "kopi"), ("name", "angkola"), ("name", "sidikalang"), ("product", "kopi"),
         ("product", "andaliman"), ("name", "ko")]

def sqlite_bench(path):
    c = sqlite3.connect(path)
    c.execute("PRAGMA cache_size = -32768")
    out = []
    for field, term in CASES:
        before = LIKE_NAME if field == "name" else LIKE_PRODUCT
        short = "instr(o.name_key, {p}) > 0" if field == "name" else (
            "o.organisation_id IN (SELECT op.organisation_id FROM organisation_product op WHERE instr(op.product_key, {p}) > 0)")
        after = (FTS_NAME if field == "name" else FTS_PRODUCT) if len(term) >= 3 else short
        row = []
        indexed = len(term) >= 3
        for cond, arg, lst in [(before, f"%{term}%", LIST),
                               (after, f'"{term}"' if indexed else term, LIST_FENCED if indexed else LIST)]:
            ms = []
            for _ in range(N):
                t = time.perf_counter()
                n = c.execute(COUNT.format(cond=cond.format(p="?")), (arg,)).fetchone()[0]
                c.execute(lst.format(cond=cond.format(p="?")), (arg,)).fetchall()
                ms.append((time.perf_counter() - t) * 1000)
            row.append((statistics.median(ms), n))
        out.append((field, term, row))
    return out

def pg_bench(db):
    script = ["\\timing on"]
    labels = []
    for phase in ["before", "after"]:
        if phase == "before":
            script += ["BEGIN;", "DROP INDEX organisation_name_trgm;", "DROP INDEX organisation_product_trgm;"]
        for i, (field, term) in enumerate(CASES):
            cond = (LIKE_NAME if field == "name" else LIKE_PRODUCT).format(p="$1")
            arg = f"%{term}%"
            if phase == "after" and len(term) < 3:
                cond = ("strpos(o.name_key, $1) > 0" if field == "name" else
                        "o.organisation_id IN (SELECT op.organisation_id FROM organisation_product op WHERE strpos(op.product_key, $1) > 0)")
                arg = term
            script.append(f"PREPARE c{phase}{i}(text) AS {COUNT.format(cond=cond)};")
            lst = LIST_FENCED if phase == "after" and len(term) >= 3 else LIST
            script.append(f"PREPARE l{phase}{i}(text) AS {lst.format(cond=cond)};")
            for _ in range(N):
                script.append(f"EXECUTE c{phase}{i}('{arg}');")
                script.append(f"EXECUTE l{phase}{i}('{arg}');")
                labels.append((phase, i))
        if phase == "before":
            script.append("ROLLBACK;")
    r = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-q", "-o", "/dev/null"],
                       input="\n".join(script), capture_output=True, text=True)
    times = [float(t) for t in re.findall(r"Time: ([0-9.]+) ms", r.stdout + r.stderr)]
    # Drop timings of BEGIN/DROP/PREPARE/ROLLBACK: keep EXECUTE pairs only.
    sql_lines = [l for l in script if l != "\\timing on"]
    exec_times = [t for l, t in zip(sql_lines, times) if l.startswith("EXECUTE")]
    pairs = [exec_times[k] + exec_times[k + 1] for k in range(0, len(exec_times), 2)]
    res = {}
    for (phase, i), t in zip(labels, pairs):
        res.setdefault((phase, i), []).append(t)
    return [(f, t, [(statistics.median(res[("before", i)]), None), (statistics.median(res[("after", i)]), None)])
            for i, (f, t) in enumerate(CASES)]

def show(title, rows):
    print(f"\n{title}: count + first page, median of {N} (ms)")
    print(f"{'search':<22}{'matches':>9}{'before':>10}{'after':>10}{'ratio':>9}")
    for field, term, ((b, n), (a, _)) in rows:
        print(f"{field + '=' + term:<22}{'' if n is None else n:>9}{b:>10.1f}{a:>10.1f}{b / a:>8.1f}x")

if __name__ == "__main__":
    show(f"SQLite {sys.argv[1]}", sqlite_bench(sys.argv[1]))
    show(f"PostgreSQL {sys.argv[2]}", pg_bench(sys.argv[2]))
