"""cartelsim's health ODE solved by scipy's solve_ivp (bench/health/run.sh).

Usage: /usr/bin/python3 ode.py PROBLEM.json OUT.json REPS
Writes a JSON list of results (RK45 adaptive and LSODA), each with the
seconds per ten-year solve, best of five batches of REPS solves.
"""
import json
import sys
import time

import scipy
from scipy.integrate import solve_ivp


def rhs(_t, y, r):
    n, o, i, t, rem, to = (max(v, 0.0) for v in y[:6])
    room = max(0.0, 1.0 - (t + to) / r["cap"])
    e_o, e_i = r["tau"] * o * room, r["tau"] * i * room
    return [
        r["alpha"] - r["outN"] * n,
        r["nToO"] * n - r["outO"] * o - e_o + r["exitRel"] * to,
        r["iota"] + r["nToI"] * n + r["oToI"] * o - r["outI"] * i - e_i + r["exitRel"] * t + r["relapse"] * rem,
        e_i - r["outT"] * t,
        r["exitRem"] * (t + to) - r["outR"] * rem,
        e_o - r["outTO"] * to,
        r["muN"] * n + r["muO"] * o + r["muI"] * i + r["muT"] * t + r["muTO"] * to,
    ]


def main():
    prob = json.load(open(sys.argv[1]))
    reps = int(sys.argv[3])
    r = prob["rates"]
    y0 = prob["y0"] + [0.0]
    out = []
    for method in ("RK45", "LSODA"):
        # Best of five batches of reps solves (the machine is shared).
        best, sol = float("inf"), None
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(reps):
                sol = solve_ivp(rhs, (0.0, prob["years"]), y0, method=method, args=(r,), rtol=1e-8, atol=1e-3)
            best = min(best, (time.perf_counter() - t0) / reps)
        y = sol.y[:, -1]
        out.append({"tool": f"scipy {scipy.__version__} solve_ivp {method} rtol 1e-8",
                    "seconds_per_solve": best, "y_end": list(y[:6]), "deaths": y[6]})
    json.dump(out, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
