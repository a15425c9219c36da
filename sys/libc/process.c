/*
 * The process calls newlib refers to, for a domain that is exactly one
 * process (pid 1): getpid(), kill() (abort() and raise() end up here), and
 * those that are not available: fork(), execve() and wait() (there is no
 * other process), times() (ENOSYS: clock() then returns -1, as C allows)
 * and sigprocmask() (no signal can arrive asynchronously, and nothing
 * would hold a blocked one back).
 */
#define _DEFAULT_SOURCE
#define LOG_TAG "libc"
#include <errno.h>
#include <signal.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel/log.h"
#include "kernel/panic.h"
#include "sys/libc/sys.h"

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

/* newlib's raise() calls handlers installed with signal() itself and comes
 * here only for the default action, which is to end the program for every
 * signal but the few ignored ones. */
int kill(pid_t pid, int sig)
{
	if (pid != STUBDOM_PID && pid != 0 && pid != -1)
		return sys_error(ESRCH);
	if (sig < 0 || sig >= NSIG)
		return sys_error(EINVAL);
	if (sig == 0 || ignored_by_default(sig))
		return 0;
	pr_err("terminated by signal %d%s", sig, sig == SIGABRT ? " (abort)" : "");
	kernel_exit(128 + sig);
}

pid_t fork(void)
{
	return sys_error(ENOSYS);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return sys_error(ENOSYS);
}

pid_t wait(int *status)
{
	return sys_error(ECHILD);
}

clock_t times(struct tms *buf)
{
	sys_error(ENOSYS);
	return (clock_t)-1;
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old)
{
	return sys_error(ENOSYS);
}
