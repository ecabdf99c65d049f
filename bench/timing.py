#!/usr/bin/env python3
"""The timing benchmark of issue 12 (run it through bench/timing.sh, which prepares the directory).

Per walker ("before": the fixed pool of --parallelism threads, YOCTO_BENCH_WALKER=fixed-pool;
"after": the scheduled walker) and run: a provision from nothing, a no-change provision, a code
change (a new base image → new image → one task definition revision → service update) and a
teardown, each `yocto ... --json --verbose` with every stderr line time-stamped as it arrives.

apply = from the first change started to the last one finished (the part the scheduler decides;
the process start, configuration and planning reads come before it and are not scaled).
efficiency = modeled critical path ÷ (apply ÷ scale). projected = pre-apply + apply ÷ scale (for a
code change the image build and push, local work that takes as long against AWS, is not scaled).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

STARTED = re.compile(r"^  \.\.\. (\S+): (creating|deleting|updating|replacing)")
FINISHED = re.compile(r"^  [-+~=!] (\S+) .*?(?:\((\d+\.\d) s\))?$")


def run(root, args, env, log):
    """Runs yocto; returns (summary, apply seconds, pre-apply seconds, per-address (start, end, seconds))."""
    begin = time.monotonic()
    proc = subprocess.Popen([os.path.join(root, "yocto")] + args + ["--json", "--verbose"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first, last, nodes = None, None, {}
    for line in proc.stderr:
        now = time.monotonic() - begin
        log.write("%8.2f %s" % (now, line))
        line = line.rstrip("\n")
        started = STARTED.match(line)
        if started:
            first = now if first is None else first
            nodes.setdefault(started.group(1), [now, None, None])
            continue
        finished = FINISHED.match(line)
        if finished and finished.group(2):
            first = now if first is None else first
            last = now
            node = nodes.setdefault(finished.group(1), [now, None, None])
            node[1], node[2] = now, float(finished.group(2))
    out = proc.stdout.read()
    proc.wait()
    try:
        document = json.loads(out)
    except ValueError:
        sys.exit("yocto %s did not answer JSON (exit %d); see %s" % (" ".join(args), proc.returncode, log.name))
    if not document.get("succeeded", False):
        sys.exit("yocto %s failed: %s; see %s" % (" ".join(args), document.get("failures"), log.name))
    summary = document["summary"]
    apply = (last - first) if first is not None and last is not None else 0.0
    return summary, apply, max(0.0, summary["seconds"] - apply), nodes


def critical_paths(root, state, stack, region):
    jar = os.path.join(root, "engine/target/yocto.jar")
    out = subprocess.run(["java", "-cp", jar, "dev.yocto.engine.plan.CriticalPath", state, stack, region],
                         check=True, capture_output=True, text=True).stdout
    paths = {}
    for line in out.splitlines():
        step, seconds, chain = line.split(" ", 2)
        paths[step] = (float(seconds), chain)
    return paths


def phases(root):
    """The time model's table: (kind, transition) -> modeled seconds."""
    table = {}
    path = os.path.join(root, "emulator/src/main/resources/dev/yocto/emulator/behaviour/time-model.tsv")
    rows = [line.split("\t") for line in open(path) if line.strip() and not line.startswith("#")]
    for row in rows[1:]:
        table[(row[0], row[1])] = float(row[4])
    return table


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--aws", action="store_true")
    parser.add_argument("--stack", default="bench")
    parser.add_argument("--region", default="us-west-2")
    parser.add_argument("--state", required=True)
    parser.add_argument("--change-base", required=True, help="command printing a new base image tag")
    parser.add_argument("--walkers", default="fixed-pool,scheduled")
    parser.add_argument("--log", default="timing.log")
    options = parser.parse_args()
    scale = 1.0 if options.aws else options.scale
    where = [] if options.aws else ["--local"]
    base_env = dict(os.environ)
    if not options.aws:
        base_env["YOCTO_AWS_BEHAVIOUR"] = "aws,scale=%g,faults=0,window=0s" % scale
    rows, figures, paths = [], {}, None
    with open(options.log, "w") as log:
        for walker in options.walkers.split(","):
            env = dict(base_env)
            env["YOCTO_BENCH_WALKER"] = walker
            env.pop("YOCTO_BASE_IMAGE_CHANGED", None)
            for number in range(1, options.runs + 1):
                env["YOCTO_BASE_IMAGE"] = base_env["YOCTO_BASE_IMAGE"]
                log.write("== %s run %d provision\n" % (walker, number))
                steps = {"provision": run(options.root, ["provision"] + where, env, log)}
                if paths is None:
                    paths = critical_paths(options.root, options.state, options.stack, options.region)
                log.write("== %s run %d no-change\n" % (walker, number))
                steps["no-change"] = run(options.root, ["provision"] + where, env, log)
                env["YOCTO_BASE_IMAGE"] = subprocess.run(options.change_base, shell=True, check=True,
                                                         capture_output=True, text=True).stdout.strip()
                log.write("== %s run %d code change\n" % (walker, number))
                steps["code change"] = run(options.root, ["provision"] + where, env, log)
                log.write("== %s run %d teardown\n" % (walker, number))
                steps["teardown"] = run(options.root, ["teardown", "--yes", "--delete-data", "--skip-final-snapshot"]
                                        + where, env, log)
                for step, (summary, apply, pre, nodes) in steps.items():
                    unscaled = 0.0
                    if step == "code change":
                        unscaled = sum(n[2] or 0 for a, n in nodes.items() if a.startswith("compute/image"))
                    projected = pre + unscaled + (apply - unscaled) / scale
                    if step == "no-change":
                        # No change to apply: the planning reads, whose modeled latency (100 ms a
                        # read, --parallelism 8 at once) the scale shrank, are given it back.
                        projected = summary["seconds"] + summary["awsCalls"] * 0.1 * (1 - scale) / 8
                    figures.setdefault((walker, step), []).append((apply / scale, projected))
                    rows.append("| %s | %d | %s | %.2f s | %.2f s | %.1f s | %.2f min | %d |" % (
                        walker, number, step, summary["seconds"], apply, apply / scale, projected / 60,
                        summary["awsCalls"]))
    print("| walker | run | step | wall (summary) | apply | apply ÷ scale | projected | AWS calls |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print()
    label = "measured" if options.aws else "modeled"
    for step in ("provision", "teardown"):
        seconds, chain = paths[step]
        print("%s critical path, %s: %.1f min: %s" % (label if not options.aws else "modeled", step, seconds / 60,
                                                      chain))
    print()
    median = lambda values: statistics.median(values)
    for walker in options.walkers.split(","):
        eff = {step: paths[step][0] / median([w for w, _ in figures[(walker, step)]])
               for step in ("provision", "teardown")}
        proj = {step: median([p for _, p in figures[(walker, step)]]) / 60
                for step in ("provision", "no-change", "code change", "teardown")}
        name = "before (fixed pool)" if walker == "fixed-pool" else "after (scheduled)"
        print("%s: wall ÷ scale: provision %.1f min, teardown %.1f min" % (
            name, median([w for w, _ in figures[(walker, "provision")]]) / 60,
            median([w for w, _ in figures[(walker, "teardown")]]) / 60))
        print("%s: schedule efficiency: provision %.2f, teardown %.2f" % (name, eff["provision"], eff["teardown"]))
        print("%s: %s on AWS: first deploy %.1f min, no-change %.1f min, code change %.1f min, teardown %.1f min" % (
            name, "measured" if options.aws else "projected", proj["provision"], proj["no-change"],
            proj["code change"], proj["teardown"]))
    last = options.walkers.split(",")[-1]
    eff = {step: paths[step][0] / median([w for w, _ in figures[(last, step)]]) for step in ("provision", "teardown")}
    proj = {step: median([p for _, p in figures[(last, step)]]) / 60
            for step in ("provision", "no-change", "code change", "teardown")}
    model = phases(options.root)
    first_target = (model[("rds:db-cluster", "create")] + model[("rds:db-instance", "create")]) / 60 + 3
    change_target = (model[("ecs:service", "deploy")] + 30) / 60
    met = lambda ok: "met" if ok else "MISSED"
    print("targets: efficiency >= 0.95 %s; first deploy <= Aurora cluster + instance + 3 min = %.1f min %s; "
          "code change <= ECS deployment + 30 s = %.1f min %s" % (
              met(min(eff.values()) >= 0.95), first_target, met(proj["provision"] <= first_target), change_target,
              met(proj["code change"] <= change_target)))
    print("schedule efficiency: provision %.2f, teardown %.2f" % (eff["provision"], eff["teardown"]))
    print("%s on AWS: first deploy %.1f min, no-change %.1f min, code change %.1f min, teardown %.1f min" % (
        "measured" if options.aws else "projected", proj["provision"], proj["no-change"], proj["code change"],
        proj["teardown"]))


if __name__ == "__main__":
    main()
