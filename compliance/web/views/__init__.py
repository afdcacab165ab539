"""Dashboard pages, one module per area. Views are thin: scope comes from
providers.access.homes_visible_to and compliance.selectors, writes from
compliance.services, and where a requirement stands from compliance.rules.due_state."""
