/*
 * The toolstack's shutdown requests, for programs that want them: after
 * shutdown_watch_start() a thread watches control/shutdown and, when `xl
 * shutdown` or `xl reboot` asks, acknowledges (clears the node, as a PV
 * kernel does) and powers the domain off or reboots it. `xl save` asks for
 * a suspend, which this kernel cannot do: that is logged and left
 * unacknowledged, so the toolstack gives up on it.
 */
#ifndef KERNEL_SHUTDOWN_WATCH_H
#define KERNEL_SHUTDOWN_WATCH_H

/* 0, or a negative errno when the watch or the thread cannot be set up. */
int shutdown_watch_start(void);

#endif
