// SPDX-License-Identifier: GPL-2.0-only
/*
 * Optional persistence (apsim --state FILE): the AP bus masks, the card
 * states and the mdevs with their assignments survive a restart, like the
 * definitions in /etc/mdevctl.d do. Written after every change, atomically.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim.h"

static json_t *mask_json(const struct sim_mask *m)
{
	char hex[67];

	sim_mask_hex(m, hex);
	return json_string(hex);
}

int sim_state_save(const struct sim *s)
{
	json_t *root, *mdevs, *cards;
	char tmp[4200];
	int rc;

	if (!s->state_file)
		return 0;
	root = json_object();
	mdevs = json_array();
	cards = json_array();
	json_object_set_new(root, "apmask", mask_json(&s->apmask));
	json_object_set_new(root, "aqmask", mask_json(&s->aqmask));
	json_object_set_new(root, "usage_domains", mask_json(&s->usage));
	json_object_set_new(root, "control_domains", mask_json(&s->control));
	json_object_set_new(root, "ap_domain", json_integer(s->ap_domain));
	for (unsigned int a = 0; a < SIM_IDS; a++) {
		const struct sim_card *c = &s->card[a];
		char hw[20];

		if (!c->present)
			continue;
		snprintf(hw, sizeof(hw), "0x%016llx", (unsigned long long)c->tapq);
		json_array_append_new(cards, json_pack("{s:i, s:s, s:b, s:b, s:b, s:o}", "id", a,
						       "hwinfo", hw, "config", c->config, "chkstop",
						       c->chkstop, "online", c->online,
						       "queues_offline", mask_json(&c->q_offline)));
	}
	json_object_set_new(root, "cards", cards);
	for (const struct sim_mdev *m = s->mdevs; m; m = m->next)
		json_array_append_new(mdevs,
				      json_pack("{s:s, s:o, s:o, s:o, s:b}", "uuid", m->uuid, "apm",
						mask_json(&m->apm), "aqm", mask_json(&m->aqm),
						"adm", mask_json(&m->adm), "guest", m->guest));
	json_object_set_new(root, "mdevs", mdevs);
	json_object_set_new(root, "modules",
			    json_pack("{s:b, s:b, s:b}", "vfio_ap", s->mod_vfio_ap, "zcrypt_cex4",
				      s->mod_zcrypt, "mdev", s->mod_mdev));
	snprintf(tmp, sizeof(tmp), "%s.tmp", s->state_file);
	rc = json_dump_file(root, tmp, JSON_INDENT(1)) ? -EIO : 0;
	if (!rc && rename(tmp, s->state_file))
		rc = -errno;
	json_decref(root);
	return rc;
}

static int get_mask(json_t *obj, const char *key, struct sim_mask *m)
{
	json_t *v = json_object_get(obj, key);

	memset(m, 0, sizeof(*m));
	if (!json_is_string(v))
		return -EINVAL;
	return sim_hex2bitmap(json_string_value(v), m);
}

int sim_state_load(struct sim *s, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *root, *v;
	size_t i;
	int rc = 0;

	if (!s->state_file || access(s->state_file, F_OK))
		return 0;
	root = json_load_file(s->state_file, 0, &jerr);
	if (!root) {
		snprintf(err, errlen, "%s:%d: %s", s->state_file, jerr.line, jerr.text);
		return -EINVAL;
	}
	if (get_mask(root, "apmask", &s->apmask) || get_mask(root, "aqmask", &s->aqmask) ||
	    get_mask(root, "usage_domains", &s->usage) ||
	    get_mask(root, "control_domains", &s->control)) {
		rc = -EINVAL;
		goto out;
	}
	v = json_object_get(root, "ap_domain");
	if (json_is_integer(v))
		s->ap_domain = (int)json_integer_value(v);
	for (unsigned int a = 0; a < SIM_IDS; a++)
		s->card[a].present = false;
	json_array_foreach(json_object_get(root, "cards"), i, v) {
		json_int_t id = -1;
		const char *hw = NULL;
		int config = 1, chkstop = 0, online = 1;
		unsigned long raw;
		struct sim_card *c;

		if (json_unpack(v, "{s:I, s:s, s:b, s:b, s:b}", "id", &id, "hwinfo", &hw, "config",
				&config, "chkstop", &chkstop, "online", &online) ||
		    id < 0 || id >= SIM_IDS || sim_kstrtoul(hw, 16, &raw)) {
			rc = -EINVAL;
			goto out;
		}
		c = &s->card[id];
		c->present = true;
		c->tapq = raw;
		c->hwinfo = raw & TAPQ_CARD_HWINFO_MASK;
		c->config = config;
		c->chkstop = chkstop;
		c->online = online;
		if (!c->compat_type)
			c->compat_type = AP_TYPE_CEX8;
		if (get_mask(v, "queues_offline", &c->q_offline)) {
			rc = -EINVAL;
			goto out;
		}
	}
	json_array_foreach(json_object_get(root, "mdevs"), i, v) {
		const char *uuid = NULL;
		struct sim_mdev *m;
		int guest = 0;

		if (json_unpack(v, "{s:s, s:b}", "uuid", &uuid, "guest", &guest) ||
		    strlen(uuid) != 36 || sim_mdev_create(s, uuid, 36)) {
			rc = -EINVAL;
			goto out;
		}
		m = sim_mdev_find(s, uuid);
		if (!m || get_mask(v, "apm", &m->apm) || get_mask(v, "aqm", &m->aqm) ||
		    get_mask(v, "adm", &m->adm)) {
			rc = -EINVAL;
			goto out;
		}
		m->guest = guest;
	}
	v = json_object_get(root, "modules");
	if (json_is_object(v)) {
		int vfio = s->mod_vfio_ap, zcrypt = s->mod_zcrypt, mdev = s->mod_mdev;

		json_unpack(v, "{s?b, s?b, s?b}", "vfio_ap", &vfio, "zcrypt_cex4", &zcrypt, "mdev",
			    &mdev);
		s->mod_vfio_ap = vfio;
		s->mod_zcrypt = zcrypt;
		s->mod_mdev = mdev;
	}
	/* the shadows as the probes of a fresh start make them */
	for (struct sim_mdev *m = s->mdevs; m; m = m->next) {
		sim_filter_matrix(s, m);
		sim_filter_cdoms(s, m);
	}
out:
	if (rc)
		snprintf(err, errlen, "%s: not a valid apsim state file", s->state_file);
	json_decref(root);
	return rc;
}
