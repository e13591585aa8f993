"""`guide-hq demo`: a believable chain (org, tags, content with pictures, SOPs, tasks) and its logins.

- `chain`: regions, stores, accounts, tag groups and settings;
- `library`, `media`, `clips`: the content library and the pictures and clips drawn for it;
- `playbook`: SOP templates and managers' tasks;
- `logins`: the table `guide-hq demo` prints;
- `seed`: writing all of it into an empty database.
"""
