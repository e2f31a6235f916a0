from django.apps import AppConfig


class InventoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inventory"
    verbose_name = "Data inventory"

    def ready(self):
        from hub import home_tasks, scale, site_search
        from sharing import wizard

        home_tasks.register("inventory.home.home_tasks")
        site_search.register(
            "datasets", "Inventory datasets", "inventory.site_search.datasets", order=30
        )
        wizard.register_data_panel("inventory/_wizard_datasets.html")
        scale.register(
            "datasets",
            "inventory datasets across the agencies (e.g. 20000)",
            "inventory.scale.seed_datasets",
        )
