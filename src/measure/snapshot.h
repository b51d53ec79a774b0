/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sealed-state snapshots: the events a secret was sealed against, kept
 * beside it (not secret) as an event log file of their own, so that a
 * later refusal can be explained event by event. */
#pragma once

#include "eventlog.h"
#include "replay.h"

/* The state directory: option, else $HEADS_STATEDIR, else /boot/heads. */
const char *snapshot_statedir(const char *option);

/* <statedir>/<name>.eventlog into buf. */
int snapshot_path(const char *statedir, const char *name, char *buf, size_t size);

/* The events of log on the PCRs in mask (caps left out with
 * REPLAY_WITHOUT_CAPS), as a new log in ret. */
int snapshot_select(const struct eventlog *log, uint32_t mask, unsigned flags, struct eventlog *ret);

/* Writes the selected events atomically to path. */
int snapshot_save(const char *path, const struct eventlog *selected);
