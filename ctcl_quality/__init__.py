from . import controllers, models, wizards
from .models.ctcl_input_guard import guard_module_models
from .hooks import pre_init_hook

# After every model class of the module: each gets the input guard in front.
guard_module_models()
