public enum CronPlaceholder {}
