/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl: a definition change that a failure, a signal or SIGKILL
 * cannot lose.
 *
 * mdevctl 1.2.0 has no operation that replaces the attributes of a
 * definition, so a new matrix is "mdevctl undefine" + "mdevctl define
 * --jsonfile". Before the undefine, the old and the new definition are
 * written to a journal file (CTL_JOURNAL_DIR/UUID.json, written whole and
 * renamed into place) that the changing process holds locked (flock)
 * while it runs. The next vfio-ap-ctl run that reads the definitions and
 * finds a journal nobody holds finishes the story: a definition that is
 * gone is put back from the old one (rolled back), one that is there (the
 * old or the new) is left as it is, and the journal is removed.
 */
#ifndef VFIO_AP_TOOLS_CTL_JOURNAL_H
#define VFIO_AP_TOOLS_CTL_JOURNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "ctl.h"

#define CTL_JOURNAL_DIR "/var/lib/vfio-ap-ctl/journal"

struct ctl_journal {
	char path[PATH_MAX]; /* the journal file */
	char old[PATH_MAX]; /* the old definition, for mdevctl define --jsonfile */
	int fd; /* open and locked while the change runs */
};

/*
 * The journal directory: $VFIO_AP_CTL_JOURNAL_DIR when set (tests),
 * else CTL_JOURNAL_DIR.
 */
const char *ctl_journal_dir(void);

/*
 * Record the change of @uuid's definition to @new_config (the JSON text
 * that will be defined; @live: the running device already has it) before
 * anything is changed. The old definition is read from MDEVCTL_MATRIX_DIR.
 * Returns 0, or -errno with one line in @err (-EBUSY: another process is
 * changing this definition now).
 */
int ctl_journal_begin(const char *uuid, const char *new_config, bool live, struct ctl_journal *j,
		      char *err, size_t errlen);
/* Is the definition of @uuid gone from MDEVCTL_MATRIX_DIR? */
bool ctl_journal_definition_gone(const char *uuid);
/* The change is complete (or rolled back): remove the journal. */
void ctl_journal_end(struct ctl_journal *j);
/* The change could not be finished: leave the journal for the next run. */
void ctl_journal_keep(struct ctl_journal *j);

/*
 * Finish every change that a process left unfinished (the journals no
 * process holds), with one line on stderr for each. @cmd prefixes the
 * messages. Never fails the caller: what cannot be done is said and the
 * journal stays.
 */
void ctl_journal_recover(const struct ctl_ctx *ctx, const char *cmd);

/*
 * Test only: when $VFIO_AP_CTL_TEST_PAUSE is @step, print "test pause at
 * STEP" on stderr and wait for a signal forever, so that a test can kill
 * the process between two steps of a change. Steps: "journaled" (before
 * the undefine), "undefined" (between undefine and define), "defined"
 * (before the journal is removed).
 */
void ctl_test_pause(const char *step);

#endif /* VFIO_AP_TOOLS_CTL_JOURNAL_H */
