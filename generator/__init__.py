"""handbook: onboarding sites, role textbooks and audit checklists from YAML."""

__version__ = "0.1.0"
