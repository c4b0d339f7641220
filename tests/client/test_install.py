"""The two ways to install dynarock without building it: the self-contained
programs, and the Debian package with its systemd unit.

- Both programs need no shared library but glibc's: dynarock is copied
  alone (with glibc) into an empty root and serves requests from there,
  keeping its data in the default directory.
- The Debian package (cpack in the build directory) holds the two programs,
  the unit and its defaults file; installed with dpkg into a scratch root,
  the unit's own command line serves requests.

Needs DYNAROCK_BUILD_DIR (the build directory, for cpack) besides
DYNAROCK_BIN and DYNAROCK_BENCH_BIN; runs as root (chroot).
"""
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import unittest

import harness

# The only shared objects a self-contained program may need: glibc's.
GLIBC = {'libc.so.6', 'libm.so.6', 'ld-linux-x86-64.so.2'}


def needed_libraries(path):
    out = subprocess.run(['readelf', '-d', path], check=True, capture_output=True,
                         text=True).stdout
    return set(re.findall(r'\(NEEDED\)\s+Shared library: \[([^\]]+)\]', out))


def glibc_files():
    """The dynamic loader and glibc's libraries dynarock loads, as ldd finds
    them on this machine: paths resolved, for copying."""
    out = subprocess.run(['ldd', os.environ['DYNAROCK_BIN']], check=True,
                         capture_output=True, text=True).stdout
    files = []
    for line in out.splitlines():
        m = re.search(r'(/\S+)', line)
        if m:
            files.append(m.group(1))
    return files


def exercise(test, endpoint):
    """A table, an item written and read back through boto3."""
    ddb = harness.client(endpoint)
    ddb.create_table(TableName='installed',
                     AttributeDefinitions=[{'AttributeName': 'id', 'AttributeType': 'S'}],
                     KeySchema=[{'AttributeName': 'id', 'KeyType': 'HASH'}],
                     BillingMode='PAY_PER_REQUEST')
    ddb.put_item(TableName='installed', Item={'id': {'S': 'a'}, 'n': {'N': '7'}})
    got = ddb.get_item(TableName='installed', Key={'id': {'S': 'a'}})
    test.assertEqual(got['Item'], {'id': {'S': 'a'}, 'n': {'N': '7'}})


class SelfContainedTest(unittest.TestCase):

    def test_programs_need_only_glibc(self):
        for name in ('DYNAROCK_BIN', 'DYNAROCK_BENCH_BIN'):
            path = os.environ[name]
            self.assertLessEqual(needed_libraries(path), GLIBC, path)

    def test_serves_from_an_empty_root_with_only_glibc(self):
        """dynarock copied alone into an empty root (glibc beside it) starts
        with no flags but a free port, keeps its data in ./dynarock-data, and
        finds it there after a restart."""
        with tempfile.TemporaryDirectory() as root:
            shutil.copy2(os.environ['DYNAROCK_BIN'], os.path.join(root, 'dynarock'))
            for f in glibc_files():
                target = os.path.join(root, f.lstrip('/'))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copy2(os.path.realpath(f), target)
            command = [shutil.which('chroot'), root, '/dynarock', '--port', '0']
            server = harness.Server(command=command, env={})
            server.start()
            try:
                exercise(self, server.endpoint)
            finally:
                server.stop()
            self.assertTrue(os.path.isdir(os.path.join(root, 'dynarock-data')))
            server = harness.Server(command=command, env={})
            server.start()
            try:
                got = harness.client(server.endpoint).get_item(
                    TableName='installed', Key={'id': {'S': 'a'}})
                self.assertEqual(got['Item'], {'id': {'S': 'a'}, 'n': {'N': '7'}})
            finally:
                server.stop()


class DebianPackageTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix='dynarock-package-')
        build_dir = os.environ['DYNAROCK_BUILD_DIR']
        subprocess.run(['cpack', '-G', 'DEB', '-B', os.path.join(cls.scratch, 'out'),
                        '--config', os.path.join(build_dir, 'CPackConfig.cmake')],
                       check=True, capture_output=True)
        version = subprocess.run([os.environ['DYNAROCK_BIN'], '--version'], check=True,
                                 capture_output=True, text=True).stdout.split()[1]
        cls.version = version
        cls.deb = os.path.join(cls.scratch, 'out', f'dynarock_{version}_amd64.deb')
        # A root with an empty dpkg database to install into.
        cls.root = os.path.join(cls.scratch, 'root')
        admin = os.path.join(cls.root, 'var/lib/dpkg')
        os.makedirs(os.path.join(admin, 'updates'))
        os.makedirs(os.path.join(admin, 'info'))
        for f in ('status', 'available'):
            open(os.path.join(admin, f), 'w').close()
        # glibc is the package's one dependency; this root has no packages.
        cls.install = subprocess.run(
            ['dpkg', f'--root={cls.root}', '--log=/dev/null', '--force-depends', '-i', cls.deb],
            capture_output=True, text=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def test_control_fields(self):
        out = subprocess.run(['dpkg-deb', '-f', self.deb, 'Package', 'Version', 'Architecture',
                              'Section', 'Depends'],
                             check=True, capture_output=True, text=True).stdout
        self.assertEqual(out, f'Package: dynarock\nVersion: {self.version}\nArchitecture: amd64\n'
                              'Section: database\nDepends: libc6 (>= 2.36)\n')
        conffiles = subprocess.run(['dpkg-deb', '-I', self.deb, 'conffiles'], check=True,
                                   capture_output=True, text=True).stdout
        self.assertEqual(conffiles, '/etc/default/dynarock\n')

    def test_installs_programs_unit_and_defaults(self):
        self.assertEqual(self.install.returncode, 0, self.install.stderr)
        status = subprocess.run(['dpkg', f'--root={self.root}', '-s', 'dynarock'],
                                check=True, capture_output=True, text=True).stdout
        self.assertIn('Status: install ok installed\n', status)
        listed = subprocess.run(['dpkg', f'--root={self.root}', '-L', 'dynarock'], check=True,
                                capture_output=True, text=True).stdout.split('\n')
        for path in ('/usr/bin/dynarock', '/usr/bin/dynarock-bench',
                     '/usr/lib/systemd/system/dynarock.service', '/etc/default/dynarock',
                     '/usr/share/doc/dynarock/README.md'):
            self.assertIn(path, listed)
        for program in ('dynarock', 'dynarock-bench'):
            out = subprocess.run([os.path.join(self.root, 'usr/bin', program), '--version'],
                                 check=True, capture_output=True, text=True).stdout
            self.assertRegex(out, rf'^{program} {re.escape(self.version)} \(commit [0-9a-f]')

    def unit(self):
        with open(os.path.join(self.root, 'usr/lib/systemd/system/dynarock.service')) as f:
            return f.read()

    def test_unit_is_valid_for_systemd(self):
        """systemd-analyze checks the unit, with its program's path pointed
        into the scratch root (it checks that the program is there)."""
        program = os.path.join(self.root, 'usr/bin/dynarock')
        path = os.path.join(self.scratch, 'dynarock.service')
        with open(path, 'w') as f:
            f.write(self.unit().replace('/usr/bin/dynarock ', program + ' '))
        result = subprocess.run(['systemd-analyze', 'verify', path], capture_output=True,
                                text=True)
        # Outside a booted system systemd-analyze cannot load the default
        # dependencies (sysinit.target); nothing else may be reported.
        problems = [line for line in result.stderr.splitlines()
                    if 'sysinit.target' not in line and line.strip()]
        self.assertEqual(problems, [])

    def test_unit_command_serves(self):
        """The unit's ExecStart, with /etc/default/dynarock's flags as
        systemd expands them, serves from the state directory; a free port
        is added (the last flag given counts)."""
        self.assertEqual(self.install.returncode, 0, self.install.stderr)
        unit = self.unit()
        exec_start = re.search(r'^ExecStart=(.*)$', unit, re.M).group(1)
        self.assertEqual(exec_start,
                         '/usr/bin/dynarock --db-path /var/lib/dynarock $DYNAROCK_OPTS')
        self.assertIn('\nStateDirectory=dynarock\n', unit)
        self.assertIn('\nEnvironmentFile=-/etc/default/dynarock\n', unit)
        with open(os.path.join(self.root, 'etc/default/dynarock')) as f:
            defaults = dict(re.findall(r'^(\w+)="(.*)"$', f.read(), re.M))
        self.assertEqual(defaults, {'DYNAROCK_OPTS': ''})
        state = os.path.join(self.root, 'var/lib/dynarock')
        os.makedirs(state, exist_ok=True)  # systemd makes it (StateDirectory)
        command = [os.path.join(self.root, exec_start.split()[0].lstrip('/'))]
        for word in shlex.split(exec_start)[1:]:
            if word == '$DYNAROCK_OPTS':
                command += defaults['DYNAROCK_OPTS'].split()
            elif word == '/var/lib/dynarock':
                command.append(state)
            else:
                command.append(word)
        server = harness.Server(command=command + ['--port', '0'])
        server.start()
        try:
            exercise(self, server.endpoint)
        finally:
            server.stop()
        self.assertTrue(os.path.exists(os.path.join(state, 'CURRENT')))


if __name__ == '__main__':
    unittest.main()
