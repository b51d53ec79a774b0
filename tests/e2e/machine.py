# SPDX-License-Identifier: GPL-2.0-or-later
"""The emulated machine for end-to-end tests: starts image/run-machine with
its serial console on a pipe and drives it as a person would, waiting for
what the screen shows and typing at prompts, with timeouts."""
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ANSI = re.compile(rb"\x1b\[[0-9;=?]*[A-Za-z]")


class Timeout(Exception):
    pass


class Machine:
    """One machine: a directory with its TPM state and OVMF variables (kept
    across boots, as a real machine keeps them) and its own disk copy."""

    everyone = []  # every machine made, so a failed test's can be stopped

    def __init__(self, workdir, rom, disk=None, key=None, state=None, cpus=None,
                 firmware="ovmf", extra_disk=None, first_disk=None, tpm="2.0"):
        Machine.everyone.append(self)
        self.tpm = tpm  # the TPM's family: "2.0", or "1.2" (swtpm in TPM 1.2 mode)
        self.first_disk = first_disk
        self.cpus = cpus
        self.firmware = firmware
        self.extra_disk = extra_disk
        self.workdir = workdir
        self.dir = os.path.join(workdir, "machine")
        self.rom = rom
        self.disk = None
        self.key = None
        if key:  # the machine's own copy: gpg writes to its home
            self.key = os.path.join(workdir, "owner-key.img")
            subprocess.run(["cp", "--sparse=always", key, self.key], check=True)
        if state:  # a saved machine: its TPM state, variables and disk
            subprocess.run(["cp", "-a", "--sparse=always", state + "/.", workdir], check=True)
            self.disk = os.path.join(workdir, "disk.img")
        elif disk:
            self.disk = os.path.join(workdir, "disk.img")
            subprocess.run(["cp", "--sparse=always", disk, self.disk], check=True)
        self.proc = None
        self.boots = 0

    def boot(self, rom=None, kernel=None, initrd=None, append=None, keep_flash=False):
        """Starts the machine (a fresh boot, same TPM and disk). The flash
        chip holds rom (default: the machine's ROM), freshly flashed, unless
        keep_flash: then what the last run left in it (coreboot)."""
        assert self.proc is None, "already running"
        self.boots += 1
        cmd = [os.path.join(ROOT, "image", "run-machine"), "--dir", self.dir]
        if self.firmware != "ovmf":
            cmd += ["--firmware", self.firmware]
        if self.tpm != "2.0":
            cmd += ["--tpm", self.tpm]
        if kernel:
            cmd += ["--kernel", kernel, "--initrd", initrd, "--append", append]
        elif keep_flash:
            cmd += ["--keep-flash"]
        else:
            cmd += ["--rom", rom or self.rom]
        if self.disk:
            cmd += ["--disk", self.disk]
        if self.key:
            cmd += ["--key", self.key]
        if self.extra_disk:
            cmd += ["--extra-disk", self.extra_disk]
        if self.first_disk:
            cmd += ["--first-disk", self.first_disk]
        if self.cpus:
            cmd += ["--cpus", str(self.cpus)]
        self.log_path = os.path.join(self.workdir, "console-%d.log" % self.boots)
        self.log = open(self.log_path, "wb")
        self.out = b""
        self.pos = 0
        self.eof = False
        self.lock = threading.Condition()
        self.started = time.monotonic()
        # QEMU's monitor, to ask a machine that went quiet where it is
        # (a Unix socket's path has at most 107 bytes)
        env = dict(os.environ)
        env["HEADS_QEMU_MONITOR"] = "1" if len(self._monitor_path()) < 100 else "0"
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True, env=env)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            data = os.read(self.proc.stdout.fileno(), 4096)
            with self.lock:
                if not data:
                    self.eof = True
                    self.lock.notify_all()
                    return
                self.log.write(data)
                self.log.flush()
                self.out += ANSI.sub(b"", data.replace(b"\r", b""))
                self.lock.notify_all()

    def expect(self, pattern, timeout=30):
        """Waits until pattern (a regex) appears after what was already
        matched; returns the match. Raises Timeout with the screen's tail."""
        rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                m = rx.search(self.out, self.pos)
                if m:
                    self.pos = m.end()
                    return m
                left = deadline - time.monotonic()
                if left <= 0 or (self.eof and not rx.search(self.out, self.pos)):
                    tail = self.out[-1500:].decode(errors="replace")
                    stopped = self.eof
                    break
                self.lock.wait(min(left, 0.5))
        why = "the machine stopped" if stopped else "timed out after %ds" % timeout
        where = "" if stopped else "\n" + self.diagnose()
        raise Timeout("%s waiting for %r; console ends with:\n%s%s" % (why, pattern, tail, where))

    def _monitor_path(self):
        return os.path.join(self.dir, "monitor.sock")

    def _monitor(self, *commands):
        """The answers of QEMU's monitor to these commands, in turn."""
        def to_prompt(s):
            got = b""
            while not got.endswith(b"(qemu) "):
                data = s.recv(65536)
                if not data:
                    break
                got += data
            return got
        answers = b""
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(5)
            s.connect(self._monitor_path())
            to_prompt(s)
            for command in commands:
                s.sendall(command.encode() + b"\n")
                answers += to_prompt(s)
        return ANSI.sub(b"", answers.replace(b"\r", b"")).decode(errors="replace")

    def diagnose(self):
        """Where a machine that went quiet is, for a timeout's message:
        which of its processes run, and (from QEMU's monitor) its state
        and each processor's instruction pointer and mode."""
        try:
            running = sorted({self._comm(p) for p in self._children(self.proc.pid)} - {""})
        except OSError:
            return "machine: its launcher ended (status %s)" % self.proc.poll()
        lines = ["machine: launcher pid %d running %s" % (self.proc.pid, ", ".join(running) or "nothing")]
        try:
            status = self._monitor("info status").splitlines()
            lines += [line.strip() for line in status if line.startswith("VM status")]
            regs = self._monitor("info registers -a")
            for line in regs.splitlines():
                if line.startswith(("CPU#", "RIP=", "EIP=", "CR0=")):
                    lines.append("  " + line.strip())
                if line.startswith("CPU#"):  # what that processor runs
                    code = self._monitor("cpu " + line[4:].strip(), "x/3i $pc")
                    lines += ["    " + c.strip() for c in code.splitlines() if c.startswith("0x")]
        except OSError as e:
            lines.append("QEMU's monitor did not answer: %s" % e)
        return "\n".join(lines)

    def type(self, line):
        """Types a line and Enter, as at a terminal."""
        time.sleep(0.2)
        self.proc.stdin.write(line.encode() + b"\r")
        self.proc.stdin.flush()

    def seconds(self):
        return time.monotonic() - self.started

    def wait_off(self, timeout=30):
        """Waits for the machine to power off by itself."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Timeout("the machine did not power off within %ds" % timeout)
        finally:
            self.stop()

    def power_cut(self):
        """Kills the emulated machine (QEMU, with SIGKILL), as a power cut:
        what the guest had not yet written out to its disks is lost. The
        launcher then stops swtpm (whose state is written as it changes)
        and ends; everything the machine printed before is in self.out."""
        qemu = [p for p in self._children(self.proc.pid) if self._comm(p).startswith("qemu-system")]
        assert len(qemu) == 1, "cannot find the machine's QEMU process"
        os.kill(qemu[0], signal.SIGKILL)
        self.proc.wait(30)
        self.stop()

    @staticmethod
    def _children(pid):
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(c) for c in f.read().split()]

    @staticmethod
    def _comm(pid):
        try:
            with open("/proc/%d/comm" % pid) as f:
                return f.read().strip()
        except OSError:
            return ""

    def stop(self):
        """Stops the launcher and everything it started."""
        if not self.proc:
            return
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.reader.join(5)
        self.proc.stdin.close()
        self.proc.stdout.close()
        self.log.close()
        self.proc = None

    def save(self, state):
        """Keeps this powered-off machine's TPM, variables and disk in state."""
        assert self.proc is None
        os.makedirs(state, exist_ok=True)
        subprocess.run(["cp", "-a", "--sparse=always", self.dir, self.disk, state], check=True)

    def remove(self):
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


def stop_all():
    for m in Machine.everyone:
        m.stop()
    Machine.everyone.clear()
