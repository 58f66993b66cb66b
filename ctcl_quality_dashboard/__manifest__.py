{
    "name": "QT.CTCL quality dashboard",
    "summary": "Dashboard of the QT.CTCL improvement procedure (ISO 9001) in the "
    "Dashboards app: open, overdue and recurring issues, on-time closure, cycle "
    "times, effectiveness and quality objectives",
    "version": "18.0.1.0.0",
    "category": "Productivity/Dashboard",
    "author": "ctcl_quality contributors",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["ctcl_quality", "spreadsheet_dashboard"],
    "data": ["data/dashboards.xml"],
    "assets": {
        "web.assets_tests": ["ctcl_quality_dashboard/static/tests/tours/*.js"],
    },
    # Installed with the Quality app whenever the Dashboards app is there:
    # ctcl_quality itself does not need the Dashboards app.
    "auto_install": True,
    "installable": True,
}
