from compliance.devtools.bench_load import parse

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:4000/api/v1/homes/
  2 threads and 4 connections
  Latency Distribution
     50%   12.50ms
     75%   20.00ms
     90%   30.00ms
     99%    1.20s
  1000 requests in 5.00s, 2.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    199.80
"""


def test_parse_reads_rate_percentiles_and_errors_from_wrk_output():
    row = parse(WRK_OUTPUT)
    assert row == {"rps": 199.8, "p50": 12.5, "p99": 1200.0, "errors": 7}


def test_parse_counts_no_errors_when_wrk_reports_none():
    clean = WRK_OUTPUT.replace("  Socket errors: connect 0, read 2, write 0, timeout 1\n", "")
    clean = clean.replace("  Non-2xx or 3xx responses: 4\n", "")
    assert parse(clean)["errors"] == 0
    assert parse(clean.replace("12.50ms", "900.00us"))["p50"] == 0.9
