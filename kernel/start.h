/*
 * The contract between the kernel and a stub domain program: the kernel
 * brings the machine up, then calls main() with the kernel command line
 * split into words; main's return value becomes the exit status.
 */
#ifndef KERNEL_START_H
#define KERNEL_START_H

int main(int argc, char **argv);

#endif
