using Workflow.Cli;

return Commands.Build(Console.Out, Console.Error, interactive: !Console.IsErrorRedirected).Parse(args).Invoke();
