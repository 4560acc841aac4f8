#!/usr/bin/env python3
"""An account-sharded scan scheduled by Dask distributed (docs/scale.md, "Sharded by account").

distill-audit stays the unit of work: every task runs one distill-audit command in a subprocess.

  1. bucket: one `distill-audit shard PIECE --shards N` task per log path given (a day's file, a
     directory; --files-per-piece groups paths): each piece is loaded and bucketed on its own, in parallel;
  2. per bucket: `distill-audit shard-features PIECES... --shard I` (the pass that reads every
     prompt), in parallel; a failed task is submitted again, up to --retries times;
  3. the global step: `distill-audit scan --features PART_0 ... PART_N-1 [scan flags]`.

Every path must be visible to every worker at the same name (one machine, or a shared file system).
Standard library and dask.distributed only.

  python3 scripts/dask_scan.py --workers 2 --shards 4 --work /tmp/w --out report \\
      logs/2026-02-01.jsonl.gz logs/2026-02-02.jsonl.gz ... \\
      -- --accounts accounts.csv --indicators case.json
  python3 scripts/dask_scan.py --scheduler tcp://scheduler:8786 ...

Exit codes: those of distill-audit (2 when a command refused its input, which is never retried;
3 when a task still failed after its retries); a summary with each task's wall time, CPU time and
peak RSS is written to WORK/run.json.
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CLI = [os.environ.get('NODE', 'node'), os.path.join(HERE, '..', 'bin', 'distill-audit')]
USAGE_EXIT = 2
# Passed from the runner's environment to every command (a pinned report clock, the tracer).
PASSED_ENV = ('SOURCE_DATE_EPOCH', 'TZ', 'NO_COLOR', 'DISTILL_AUDIT_TRACE')


class CommandFailed(Exception):
    def __init__(self, argv, code, stderr):
        super().__init__(f"{' '.join(argv[-8:])} exited {code}: {stderr[-2000:]}")
        self.code = code


def run_command(argv, env):
    """Runs one distill-audit command on a worker; returns its exit code, stderr's tail and measurements.

    The code travels back as data, not as an exception: an exception class defined in the runner's
    main module is not the same class once a worker process has unpickled it.
    """
    full_env = dict(os.environ)
    full_env.update(env)
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=full_env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        err.seek(0)
        stderr = err.read().decode('utf-8', 'replace')
    return {
        'code': code,
        'stderr': stderr[-2000:] if code != 0 else '',
        'wall_s': round(wall, 2),
        'cpu_s': round(usage.ru_utime + usage.ru_stime, 2),
        'peak_rss_mb': round(usage.ru_maxrss / 1024),  # kilobytes on Linux
    }


def parse(argv):
    if '--' in argv:
        cut = argv.index('--')
        argv, scan_flags = argv[:cut], argv[cut + 1:]
    else:
        scan_flags = []
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('logs', nargs='+', help='log paths; each piece of --files-per-piece paths is bucketed by its own task')
    where = p.add_mutually_exclusive_group()
    where.add_argument('--scheduler', help='address of a running Dask scheduler (tcp://host:8786)')
    where.add_argument('--workers', type=int, default=2, help='workers of a local cluster when no --scheduler (default 2)')
    p.add_argument('--shards', type=int, required=True, help='number of account buckets')
    p.add_argument('--work', required=True, help='directory for shard sets and partials (shared by every worker)')
    p.add_argument('--out', required=True, help='report directory of the global step')
    p.add_argument('--force', action='store_true', help='replace an earlier report directory')
    p.add_argument('--files-per-piece', type=int, default=1, help='log paths bucketed by one task (default 1: a task per path)')
    p.add_argument('--retries', type=int, default=2, help='times a failed task is submitted again (default 2)')
    p.add_argument('--cli', help='command that runs distill-audit on the workers (default: this checkout\'s bin/distill-audit)')
    p.add_argument('--task-threads', type=int, help='--threads of each task\'s DuckDB')
    p.add_argument('--task-memory', help='--memory-limit of each task\'s DuckDB, e.g. 4GB')
    p.add_argument('--map', help='--map for the shard step')
    p.add_argument('--format', help='--format for the shard step')
    p.add_argument('--rules', action='append', default=[], help='--rules for the shard-features step (repeatable)')
    args = p.parse_args(argv)
    if args.shards < 1:
        p.error('--shards must be at least 1')
    if args.workers < 1:
        p.error('--workers must be at least 1')
    if args.files_per_piece < 1:
        p.error('--files-per-piece must be at least 1')
    if args.retries < 0:
        p.error('--retries must be 0 or more')
    return args, scan_flags


def plan(args, scan_flags):
    """The commands of the three steps, as argument lists (paths absolute: workers may run elsewhere)."""
    cli = shlex.split(args.cli) if args.cli else DEFAULT_CLI
    work = os.path.abspath(args.work)
    engine = (['--threads', str(args.task_threads)] if args.task_threads else []) + \
             (['--memory-limit', args.task_memory] if args.task_memory else [])
    step = args.files_per_piece
    pieces = [args.logs[k:k + step] for k in range(0, len(args.logs), step)]
    width = len(str(max(len(pieces), args.shards) - 1))
    sets = [os.path.join(work, 'sets', f'piece-{k:0{width}d}') for k in range(len(pieces))]
    parts = [os.path.join(work, 'parts', f'shard-{i:0{width}d}') for i in range(args.shards)]
    side = (['--map', args.map] if args.map else []) + (['--format', args.format] if args.format else [])
    bucket = [cli + ['shard', *piece, '--shards', str(args.shards), '--out', s, '--force', '--quiet'] + side + engine
              for piece, s in zip(pieces, sets)]
    rules = [x for r in args.rules for x in ('--rules', r)]
    per_shard = [cli + ['shard-features', *sets, '--shard', str(i), '--out', part, '--force', '--quiet'] + rules + engine
                 for i, part in enumerate(parts)]
    merge = cli + ['scan', *[x for part in parts for x in ('--features', part)], '--out', os.path.abspath(args.out), '--quiet'] \
        + (['--force'] if args.force else []) + engine + scan_flags
    return bucket, per_shard, merge


def run_all(client, names, commands, env, retries, log):
    """Submits every command; resubmits a failed one up to `retries` times (never a refused input)."""
    from distributed import as_completed

    futures = {}
    attempts = {}
    for name, argv in zip(names, commands):
        futures[client.submit(run_command, argv, env, key=f'{name}-try0', pure=False)] = name
        attempts[name] = 0
    by_name = dict(zip(names, commands))
    results = {}
    pending = as_completed(list(futures))
    for future in pending:
        name = futures.pop(future)
        try:
            result = future.result()
        except Exception as err:  # a worker lost (KilledWorker), the task itself broken
            if attempts[name] >= retries:
                raise
            why = f'{type(err).__name__}: {err}'
        else:
            if result['code'] == 0:
                del result['code'], result['stderr']
                results[name] = {**result, 'attempts': attempts[name] + 1}
                log(f'{name}: done in {result["wall_s"]} s (attempt {attempts[name] + 1})')
                continue
            if result['code'] == USAGE_EXIT or attempts[name] >= retries:
                raise CommandFailed(by_name[name], result['code'], result['stderr'])
            why = f'failed (exit {result["code"]}): {result["stderr"].strip()[-300:]}'
        attempts[name] += 1
        log(f'{name}: {why}; submitting again, attempt {attempts[name] + 1}')
        retry = client.submit(run_command, by_name[name], env, key=f'{name}-try{attempts[name]}', pure=False)
        futures[retry] = name
        pending.add(retry)
    return {name: results[name] for name in names}


def main(argv):
    args, scan_flags = parse(argv)
    from distributed import Client, LocalCluster

    def log(message):
        print(f'{time.strftime("%H:%M:%S")} {message}', file=sys.stderr, flush=True)

    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    bucket, per_shard, merge = plan(args, scan_flags)
    os.makedirs(os.path.join(os.path.abspath(args.work), 'sets'), exist_ok=True)
    os.makedirs(os.path.join(os.path.abspath(args.work), 'parts'), exist_ok=True)
    cluster = None
    if args.scheduler:
        try:
            client = Client(args.scheduler, timeout='30s')
        except (OSError, TimeoutError, ValueError) as err:
            log(f'cannot reach the Dask scheduler at {args.scheduler}: {err}')
            return USAGE_EXIT
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               host='127.0.0.1', dashboard_address=None)
        client = Client(cluster)
    summary = {'shards': args.shards, 'pieces': len(bucket)}
    try:
        started = time.monotonic()
        summary['bucket'] = run_all(client, [f'bucket-{k}' for k in range(len(bucket))], bucket, env, args.retries, log)
        summary['bucket_wall_s'] = round(time.monotonic() - started, 2)
        started = time.monotonic()
        summary['shard'] = run_all(client, [f'shard-{i}' for i in range(len(per_shard))], per_shard, env, args.retries, log)
        summary['shard_wall_s'] = round(time.monotonic() - started, 2)
        summary['global'] = run_all(client, ['global'], [merge], env, args.retries, log)['global']
        log(f'report written to {os.path.abspath(args.out)}')
    except CommandFailed as err:
        log(str(err))
        return USAGE_EXIT if err.code == USAGE_EXIT else 3
    except Exception as err:  # still failing after its retries: a worker lost, a scheduler gone
        log(f'{type(err).__name__}: {err}')
        return 3
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    with open(os.path.join(os.path.abspath(args.work), 'run.json'), 'w', encoding='utf-8') as f:
        json.dump(summary, f, indent=2)
        f.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
