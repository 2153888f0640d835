"""HTTP plumbing shared by every blueprint: who may use a route (`access`), error pages
(`errors`), security headers (`security`), the session cookie (`cookie_session`), template
helpers (`templating`) and the SVG bar charts pages embed (`charts`).

May import extensions and services (for template helpers); never a blueprint.
"""
