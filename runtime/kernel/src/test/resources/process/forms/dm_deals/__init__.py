# Deals plugin (in the shape of Dhii-Mail main's plugins/deal_flow_crm: the package holds no plugin)
__version__ = "1.0.0"
