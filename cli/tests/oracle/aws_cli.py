"""Runs AWS CLI v1 invocations in one process for the differential tests.

Reads one JSON object per line, {"args": [...], "env": {...}}, and answers each with one line
{"code": N, "stdout": "...", "stderr": "..."}: what `aws <args>` printed and its exit status,
with the environment replaced by `env` for the run (but for awscli's own data path).
"""

import contextlib
import io
import json
import os
import sys

from awscli.clidriver import create_clidriver


def run(args, env):
    saved = dict(os.environ)
    os.environ.clear()
    # awscli finds its own data (the CLI's command tables) through AWS_DATA_PATH, set on import.
    os.environ["AWS_DATA_PATH"] = saved.get("AWS_DATA_PATH", "")
    os.environ.update(env)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = create_clidriver().main(args)
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 255
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}


def main():
    # Messages name the program as a user's shell does.
    sys.argv[0] = "aws"
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        request = json.loads(line)
        answer = run(request["args"], request["env"])
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
