/*
 * The process calls picolibc refers to, for a domain that is exactly one
 * process (pid 1): getpid(), kill() (abort() and raise() end up here), and
 * two that are not available (ENOSYS): times() (clock() then returns -1,
 * as C allows) and sigprocmask() (no signal can arrive asynchronously, and
 * nothing would hold a blocked one back).
 */
#define _DEFAULT_SOURCE
#define LOG_TAG "libc"
#include <errno.h>
#include <signal.h>
#include <sys/times.h>
#include <unistd.h>

#include "kernel/log.h"
#include "kernel/panic.h"

#define STUBDOM_PID 1

pid_t getpid(void)
{
	return STUBDOM_PID;
}

/* Signals whose default action is to do nothing. */
static int ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

/* picolibc's raise() calls handlers installed with signal() itself and
 * comes here only for the default action, which is to end the program for
 * every signal but the few ignored ones. */
int kill(pid_t pid, int sig)
{
	if (pid != STUBDOM_PID && pid != 0 && pid != -1) {
		errno = ESRCH;
		return -1;
	}
	if (sig < 0 || sig >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	if (sig == 0 || ignored_by_default(sig))
		return 0;
	pr_err("terminated by signal %d%s", sig, sig == SIGABRT ? " (abort)" : "");
	kernel_exit(128 + sig);
}

clock_t times(struct tms *buf)
{
	errno = ENOSYS;
	return (clock_t)-1;
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old)
{
	errno = ENOSYS;
	return -1;
}
