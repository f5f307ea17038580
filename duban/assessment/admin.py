"""The assessment has nothing to edit in the admin: the rule is set on its page, where every change is audited."""
