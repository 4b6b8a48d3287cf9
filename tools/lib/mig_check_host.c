// SPDX-License-Identifier: GPL-2.0-only
/*
 * mig_check_host(): the host rules of the shared table, evaluated for
 * vfio-ap-ctl check --host.
 */
#include "mig_check_host.h"

static bool in_host(const struct mig_host *h, u32 card, u32 dom)
{
	return vfio_ap_mig_mask_test(&h->host_apm, card) &&
	       vfio_ap_mig_mask_test(&h->host_aqm, dom);
}

int mig_check_host(const struct vfio_ap_mig_config *src, const struct mig_host *host,
		   struct vfio_ap_mig_report *rep)
{
	u32 i, cd;

	vfio_ap_mig_report_reset(rep);
	for (i = 0; i < src->num_queues; i++) {
		u16 apqn = vfio_ap_mig_config_apqn(src, i);
		u32 card = VFIO_AP_MIG_APQN_CARD(apqn);
		u32 dom = VFIO_AP_MIG_APQN_DOMAIN(apqn);

		if (!in_host(host, card, dom)) {
			vfio_ap_mig_report_rule(rep, VFIO_AP_MIG_RULE_HOST_MISSING, apqn, 1, 0);
			continue;
		}
		if (host->host_owned && host->host_owned(host->hw.priv, apqn))
			vfio_ap_mig_report_rule(rep, VFIO_AP_MIG_RULE_HOST_OWNED, apqn, 0, 1);
		if (host->in_other_mdev && host->in_other_mdev(host->hw.priv, apqn))
			vfio_ap_mig_report_rule(rep, VFIO_AP_MIG_RULE_IN_USE, apqn, 0, 1);
	}
	for (cd = 0; cd < VFIO_AP_MIG_MAX_IDS; cd++)
		if (vfio_ap_mig_mask_test(&src->adm, cd) &&
		    !vfio_ap_mig_mask_test(&host->host_adm, cd))
			vfio_ap_mig_report_rule(rep, VFIO_AP_MIG_RULE_CDOM_HOST_MISSING, cd, 1, 0);
	vfio_ap_mig_check_queues(src, &host->hw, &host->host_apm, &host->host_aqm, rep);
	return rep->err;
}
