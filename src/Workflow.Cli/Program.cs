using Workflow.Cli;

return Commands.Run(args, Console.Out, Console.Error, interactive: !Console.IsErrorRedirected);
