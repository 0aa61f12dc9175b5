# A single-node Slurm cluster for the tests and the benchmark (sourced):
# munged on a private socket, slurmctld and slurmd as root, no systemd,
# everything under one folder, ports of its own.
#
#   slurm_usable         0, or prints why not (and returns 1)
#   slurm_start DIR      start it; exports SLURM_CONF; 1 with the logs'
#                        tail when the node does not come up in 30 s
#   slurm_wait JOBID...  until none of the jobs is queued or running, or
#                        $SLURM_WAIT_FILE exists (600 s at most; 1 when
#                        they are still there)
#   slurm_stop DIR       stop every daemon it started, by PID
#
# After ../shared/recipes/slurm-single-node.sh (Slurm 22.05, Debian 12).

slurm_usable() {
	for p in munged slurmctld slurmd sbatch squeue sinfo; do
		if ! command -v "$p" >/dev/null 2>&1 &&
		    ! [ -x "/usr/sbin/$p" ]; then
			echo "no $p (Debian: apt-get install slurm-wlm munge)"
			return 1
		fi
	done
	if [ "$(id -u)" -ne 0 ]; then
		echo "slurmd must run as root here"
		return 1
	fi
	return 0
}

slurm_start() {
	_d=$1
	PATH=$PATH:/usr/sbin
	mkdir -p "$_d/munge" "$_d/spool/ctld" "$_d/spool/d" "$_d/log"
	chmod 700 "$_d/munge"
	dd if=/dev/urandom of="$_d/munge/munge.key" bs=1024 count=1 \
	    status=none
	chmod 400 "$_d/munge/munge.key"
	munged --force --key-file="$_d/munge/munge.key" \
	    --socket="$_d/munge/munge.sock" --pid-file="$_d/munge/munged.pid" \
	    --log-file="$_d/log/munged.log" \
	    --seed-file="$_d/munge/munged.seed" || return 1
	_h=$(hostname -s)
	_ncpu=$(nproc)
	_mem=$(( $(awk '/MemTotal/ { print $2 }' /proc/meminfo) / 1024 - 512 ))
	# ports of this cluster's own, so that two test runs do not meet
	_port=$(( 20000 + ($$ % 5000) * 2 ))
	cat >"$_d/slurm.conf" <<CONF
ClusterName=lakwerktest
SlurmctldHost=$_h
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$_d/munge/munge.sock
SlurmctldPort=$_port
SlurmdPort=$(( _port + 1 ))
StateSaveLocation=$_d/spool/ctld
SlurmdSpoolDir=$_d/spool/d
SlurmctldPidFile=$_d/slurmctld.pid
SlurmdPidFile=$_d/slurmd.pid
SlurmctldLogFile=$_d/log/slurmctld.log
SlurmdLogFile=$_d/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
MailProg=/bin/true
SwitchType=switch/none
SchedulerType=sched/builtin
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MaxArraySize=100001
NodeName=$_h CPUs=$_ncpu RealMemory=$_mem State=UNKNOWN
PartitionName=test Nodes=$_h Default=YES MaxTime=INFINITE State=UP
CONF
	SLURM_CONF=$_d/slurm.conf
	export SLURM_CONF
	slurmctld -f "$_d/slurm.conf" || return 1
	slurmd -f "$_d/slurm.conf" || return 1
	_i=0
	while [ $_i -lt 60 ]; do
		[ "$(sinfo -h -N -o '%T' 2>/dev/null | head -1)" = idle ] &&
			return 0
		sleep 0.5
		_i=$((_i + 1))
	done
	echo "the Slurm node did not come up:" >&2
	tail -5 "$_d"/log/*.log >&2
	return 1
}

slurm_wait() {
	# squeue once a second (an RPC to slurmctld: polling it faster took
	# CPU from the jobs); with SLURM_WAIT_FILE, that file's appearing
	# ends the wait too, seen within 0.1 s
	_i=0
	while [ $_i -lt 6000 ]; do
		if [ $((_i % 10)) -eq 0 ] &&
		    [ -z "$(squeue -h -j "$(echo "$*" | tr ' ' ,)" 2>/dev/null)" ]; then
			return 0
		fi
		if [ -n "${SLURM_WAIT_FILE:-}" ] && [ -e "$SLURM_WAIT_FILE" ]; then
			return 0
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

slurm_stop() {
	for _f in "$1/slurmd.pid" "$1/slurmctld.pid" "$1/munge/munged.pid"; do
		[ -s "$_f" ] || continue
		_pid=$(cat "$_f")
		kill "$_pid" 2>/dev/null || continue
		_i=0
		while kill -0 "$_pid" 2>/dev/null && [ $_i -lt 50 ]; do
			sleep 0.2
			_i=$((_i + 1))
		done
		kill -9 "$_pid" 2>/dev/null || :
	done
	return 0
}
