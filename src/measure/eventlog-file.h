/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event log files: appending to the payload's own log (created with
 * its header on first use, locked while written) and reading a log file. */
#pragma once

#include "eventlog.h"

#define FIRMWARE_LOG_DEFAULT "/sys/kernel/security/tpm0/binary_bios_measurements"
#define PAYLOAD_LOG_NAME "eventlog"

/* An open, locked payload log, ready for one appended event. */
struct eventlog_file {
	int fd;
};

/* Opens (creating it, and the directory, if needed) and locks the log. */
int eventlog_file_open(const char *path, struct eventlog_file *ret);
/* Appends one event with a single write, then closes the file. */
int eventlog_file_append(struct eventlog_file *f, const struct event *ev);
void eventlog_file_close(struct eventlog_file *f);

/* Reads and parses the log at path, appending its events to log. */
int eventlog_file_read(const char *path, enum event_source source, struct eventlog *log);
