#!/bin/sh
# Run a sharded lakwerk release on Kubernetes: the volumes, the Indexed Job
# of the shards, and, when every index completed, the package Job. Needs
# kubectl with a context, the image lakwerk:latest (Containerfile) in a
# registry the cluster pulls from, the request on the lakwerk-request
# volume and the Secret lakwerk-audit-key (package-job.yaml says how).
#
#   examples/kubernetes/run.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)

# wait_job NAME: until the Job is Complete (0) or Failed (1)
wait_job() {
	while :; do
		s=$(kubectl get job "$1" -o \
		    jsonpath='{range .status.conditions[?(@.status=="True")]}{.type} {end}')
		case " $s " in
		*" Complete "*) return 0 ;;
		*" Failed "*) echo "job $1 failed:" >&2
			kubectl get pods -l job-name="$1" >&2
			return 1 ;;
		esac
		sleep 10
	done
}

kubectl apply -f "$here/volumes.yaml"
kubectl apply -f "$here/shards-job.yaml"
wait_job lakwerk-shards
kubectl apply -f "$here/package-job.yaml"
wait_job lakwerk-package
kubectl logs job/lakwerk-package
