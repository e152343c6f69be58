// A child process's stdout, line by line: next() resolves with the next line, in order, whether
// it arrived before or after the call. Shared by the server and client-process orchestrators.
export function stdoutLines(child) {
  const lines = [];
  const waiting = [];
  let partial = '';
  child.stdout.on('data', (chunk) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop();
    for (const line of parts) {
      const waiter = waiting.shift();
      if (waiter) waiter(line); else lines.push(line);
    }
  });
  return {
    next: () => (lines.length > 0 ? Promise.resolve(lines.shift()) : new Promise((resolve) => waiting.push(resolve))),
  };
}
