"""`make bench` (`python -m bench`): this site against plain Material, both built in
the same run. See bench/README.md for what is measured and how; results go to
bench/results.md and bench/results.json.

Modules: `config` (the two sites and the baseline's nav), `transfer` (caching server
and page-weight accounting), `search` (hit@k and results latency in the real search
box), `lighthouse` (Node), `report` (targets and the Markdown table) and `__main__`
(the command). The pure helpers are unit-tested in tests/unit/test_bench.py.
"""
